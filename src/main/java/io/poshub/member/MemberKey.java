package io.poshub.member;

import java.util.Arrays;
import java.util.Optional;

/** The keys a sale can name its member by, in the words a mapping's {@code match} list uses. */
public enum MemberKey {
    CARD("card", "card_number"),
    PHONE("phone", "phone_e164"),
    EMAIL("email", "email"),
    EXTERNAL_ID("externalId", "external_id");

    private final String yamlName;
    private final String column;

    MemberKey(String yamlName, String column) {
        this.yamlName = yamlName;
        this.column = column;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The member column this key is looked up in; a fixed identifier, never user input. */
    String column() {
        return column;
    }

    public static Optional<MemberKey> fromName(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equalsIgnoreCase(name)).findFirst();
    }
}
