package io.poshub.mapping;

import java.util.Arrays;
import java.util.Optional;
import org.springframework.modulith.NamedInterface;

/** The keys a sale can name its member by, in the words a mapping's {@code match} list uses. */
@NamedInterface("api")
public enum MemberKey {
    CARD("card"),
    PHONE("phone"),
    EMAIL("email"),
    EXTERNAL_ID("externalId");

    private final String yamlName;

    MemberKey(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<MemberKey> fromName(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equalsIgnoreCase(name)).findFirst();
    }
}
