package io.poshub.member;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.poshub.common.InvalidField;
import io.poshub.mapping.MemberKey;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.modulith.NamedInterface;

/**
 * The member keys a sale (or a member record) carries, normalised as contract §6 says: cards lose
 * spaces and dashes, emails are trimmed and lower-cased, phones become E.164 in the given region.
 * A value that normalises to nothing is no key. Each key is normalised when first asked for and kept: one sale's keys,
 * read by the thread that books it, not shared between threads.
 */
@NamedInterface("api")
public final class MemberKeys {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final int PARSED_MAX = 50_000;
    private static final Map<String, Optional<String>> PARSED = new ConcurrentHashMap<>();

    private static final MemberKey[] KEYS = MemberKey.values();

    /** The keys as the sale gives them, by {@link MemberKey#ordinal()}. */
    private final String[] given = new String[KEYS.length];
    private final String phoneRegion;
    /** The keys normalised, each when first asked for: a sale its card matches never pays for its phone's parse. */
    private final String[] normalised = new String[KEYS.length];
    private int normalisedKeys;

    private MemberKeys(String phoneRegion) {
        this.phoneRegion = phoneRegion;
    }

    public static MemberKeys of(String card, String phone, String email, String externalId, String phoneRegion) {
        MemberKeys keys = new MemberKeys(phoneRegion);
        keys.given[MemberKey.CARD.ordinal()] = card;
        keys.given[MemberKey.PHONE.ordinal()] = phone;
        keys.given[MemberKey.EMAIL.ordinal()] = email;
        keys.given[MemberKey.EXTERNAL_ID.ordinal()] = externalId;
        return keys;
    }

    /** The key normalised, or null when the sale has none (or one that normalises to nothing). */
    public String get(MemberKey key) {
        int i = key.ordinal();
        if ((normalisedKeys & 1 << i) == 0) {
            normalised[i] = normalise(key, given[i]);
            normalisedKeys |= 1 << i;
        }
        return normalised[i];
    }

    /** True when the sale has no key at all (each normalised to see). */
    public boolean isEmpty() {
        return Arrays.stream(KEYS).allMatch(key -> get(key) == null);
    }

    private String normalise(MemberKey key, String raw) {
        return switch (key) {
            case CARD -> card(raw);
            case PHONE -> phone(raw, phoneRegion);
            case EMAIL -> email(raw);
            case EXTERNAL_ID -> externalId(raw);
        };
    }

    public static String card(String raw) {
        if (raw == null) {
            return null;
        }
        // What [\s-] matches, without a regex per call: a hot path of every import. A card as tills mostly send it has
        // nothing to drop and is upper case already: the very string is the key (toUpperCase gives it back unchanged).
        int kept = 0;
        while (kept < raw.length() && !dropped(raw.charAt(kept))) {
            kept++;
        }
        if (kept == raw.length()) {
            return raw.isEmpty() ? null : raw.toUpperCase(Locale.ROOT);
        }
        StringBuilder card = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!dropped(c)) {
                card.append(c);
            }
        }
        return card.isEmpty() ? null : card.toString().toUpperCase(Locale.ROOT);
    }

    private static boolean dropped(char c) {
        return c == '-' || " \t\n\u000B\f\r".indexOf(c) >= 0;
    }

    public static String email(String raw) {
        if (raw == null) {
            return null;
        }
        String email = raw.trim().toLowerCase(Locale.ROOT);
        return email.isEmpty() ? null : email;
    }

    public static String externalId(String raw) {
        if (raw == null) {
            return null;
        }
        String id = raw.trim();
        return id.isEmpty() ? null : id;
    }

    /** E.164 form of a phone as typed, or null when it cannot be a number in that region. */
    public static String phone(String raw, String region) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        // A customer's phone comes again with each of their sales: libphonenumber's parse is the booking's
        // costliest step per sale, so what it said of a phone as typed is kept (bounded; emptied when full).
        String key = region + '\u0000' + raw;
        Optional<String> known = PARSED.get(key);
        if (known == null) {
            if (PARSED.size() >= PARSED_MAX) {
                PARSED.clear();
            }
            known = Optional.ofNullable(parse(raw, region));
            PARSED.put(key, known);
        }
        return known.orElse(null);
    }

    private static String parse(String raw, String region) {
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(raw, region);
            if (!PHONES.isPossibleNumber(number)) {
                return null;
            }
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return null;
        }
    }

    /**
     * A phone as given by a person: E.164 in the region, or null when blank.
     *
     * @throws IllegalArgumentException when it is not a phone number
     */
    public static String requirePhone(String raw, String region) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String e164 = phone(raw, region);
        if (e164 == null) {
            throw new InvalidField("phone", "phone '" + raw + "' is not a phone number (use E.164, like +4791234567)");
        }
        return e164;
    }

    /**
     * An email as given by a person: normalised, or null when blank.
     *
     * @throws IllegalArgumentException when it is not an email address
     */
    public static String requireEmail(String raw) {
        String email = email(raw);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new InvalidField("email", "email '" + raw + "' is not an email address");
        }
        return email;
    }

    /** All but the last four characters masked, for log lines (contract §10). */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int keep = Math.min(4, value.length());
        return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
    }
}
