package io.poshub.loyalty;

import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import java.util.Comparator;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * The earn program of a merchant, for what belongs to the member rather than to one sale (its tier names, the tier
 * a new or imported member starts at): the program of the merchant's mappings — the first by name where they
 * differ — or the default program when it has none.
 */
@NamedInterface("api")
@Component
public class Programs {

    private final MappingRepository mappings;

    Programs(MappingRepository mappings) {
        this.mappings = mappings;
    }

    public EarnProgram of(String merchant) {
        return mappings.all().stream()
                .filter(m -> m.merchant().equals(merchant))
                .min(Comparator.comparing(Mapping::name))
                .map(m -> new EarnProgram(m.earn()))
                .orElse(EarnProgram.DEFAULT);
    }
}
