package io.poshub.loyalty;

import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import io.poshub.mapping.PointsLife;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
        return programMapping(merchant).map(m -> new EarnProgram(m.earn())).orElse(EarnProgram.DEFAULT);
    }

    /** How the merchant's points mature and expire, by the same mapping (contract §18). */
    public PointsLife lifeOf(String merchant) {
        return programMapping(merchant).map(Mapping::loyalty).orElse(PointsLife.DEFAULT);
    }

    /** The merchants that have a program of their own, and how their points live. */
    Map<String, PointsLife> lives() {
        Map<String, PointsLife> lives = new TreeMap<>();
        mappings.all().stream().filter(Mapping::readsSales).map(Mapping::merchant).distinct().forEach(m -> lives.put(m, lifeOf(m)));
        return lives;
    }

    private Optional<Mapping> programMapping(String merchant) {
        return mappings.all().stream()
                .filter(m -> m.merchant().equals(merchant) && m.readsSales())
                .min(Comparator.comparing(Mapping::name));
    }
}
