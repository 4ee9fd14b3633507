package io.poshub.format;

import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/** The built-in POS formats by name. */
@NamedInterface("api")
@Component
public class PosFormats {

    private final Map<String, PosFormat> byName;

    public PosFormats(List<PosFormat> formats) {
        this.byName = formats.stream().collect(Collectors.toUnmodifiableMap(PosFormat::name, Function.identity()));
    }

    public PosFormat forMapping(Mapping mapping) {
        PosFormat format = byName.get(mapping.format());
        if (format == null) {
            throw new MappingException("mapping '" + mapping.name() + "': format '" + mapping.format()
                    + "' is not available in this version (available: " + byName.keySet() + ")");
        }
        return format;
    }
}
