package io.poshub.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.modulith.NamedInterface;

/**
 * Turns a mapping file's text into a checked {@link Mapping}: unknown keys and bad values are refused with a message
 * naming the file and the key.
 */
@NamedInterface("api")
public final class MappingParser {

    private static final Set<String> FORMATS = Set.of("counterpoint", "ncr", "springboard", "jesta", "generic", Mapping.ZREPORT, Mapping.TERMINAL);

    private static final Pattern KEY = Pattern.compile("^\\s*(?:-\\s+)?([A-Za-z][A-Za-z0-9_]*)\\s*:");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final String defaultMerchant;

    /** @param defaultMerchant the merchant of a mapping that names none */
    public MappingParser(String defaultMerchant) {
        this.defaultMerchant = defaultMerchant;
    }

    /**
     * @throws MappingException naming the file, the key that is wrong and its line (where a key is named: the first line
     *                          that sets it)
     */
    public Mapping parse(String name, String text) {
        try {
            return check(name, text);
        } catch (MappingException e) {
            if (e.line() != null) {
                throw e;
            }
            Integer line = lineOf(text, e.getMessage());
            throw line == null ? e : new MappingException(e.getMessage().replaceFirst(": ", ", line " + line + ": "), line);
        }
    }

    private Mapping check(String name, String text) {
        String where = "mapping '" + name + "'";
        MappingFile raw;
        try {
            raw = yaml.readValue(text, MappingFile.class);
        } catch (JsonProcessingException e) {
            throw unreadable(where, text, e);
        }
        if (raw == null) {
            throw new MappingException(where + " is empty");
        }
        String format = require(where, "format", raw.format());
        if (!FORMATS.contains(format)) {
            throw new MappingException(where + ": unknown format '" + format + "', expected one of " + FORMATS);
        }
        String merchant = raw.merchant() == null ? defaultMerchant : raw.merchant();
        String currency = require(where, "currency", raw.currency());
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new MappingException(where + ": currency '" + currency + "' is not an ISO 4217 code");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(require(where, "timezone", raw.timezone()));
        } catch (DateTimeException e) {
            throw new MappingException(where + ": timezone '" + raw.timezone() + "' is not a time zone id (e.g. Europe/Oslo)");
        }
        // A Z-report's or a terminal's file names no member: no phone region or match keys to give.
        boolean zreport = format.equals(Mapping.ZREPORT) || format.equals(Mapping.TERMINAL);
        String region = zreport && raw.phoneRegion() == null ? "NO"
                : require(where, "phoneRegion", raw.phoneRegion()).toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw new MappingException(where + ": phoneRegion '" + region + "' is not a two-letter region code");
        }
        List<MemberKey> keys = new ArrayList<>();
        for (String key : raw.match() == null ? List.<String>of() : raw.match()) {
            keys.add(MemberKey.fromName(key).orElseThrow(() -> new MappingException(
                    where + ": match key '" + key + "' is not one of card, phone, email, externalId")));
        }
        if (keys.isEmpty() && !zreport) {
            throw new MappingException(where + ": match must name at least one of card, phone, email, externalId");
        }
        Mapping.UnknownMemberPolicy policy;
        try {
            policy = raw.unknownMember() == null ? Mapping.UnknownMemberPolicy.PARK
                    : Mapping.UnknownMemberPolicy.valueOf(raw.unknownMember().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MappingException(where + ": unknownMember '" + raw.unknownMember() + "' is not one of reject, park, create");
        }
        GenericLayout layout = null;
        if (format.equals("generic")) {
            layout = GenericLayouts.parse(where, raw, Currency.getInstance(currency).getDefaultFractionDigits());
        } else if (raw.csv() != null || raw.columns() != null || raw.formats() != null || raw.amounts() != null
                || raw.returns() != null || raw.carryDown() != null) {
            throw new MappingException(where + ": csv, columns, formats, amounts, returns and carryDown are for format: generic only");
        }
        return new Mapping(name, format, merchant, currency, zone, region, List.copyOf(keys), policy, earn(where, raw.earn()), loyalty(where, raw.loyalty()), layout,
                tenders(raw.mobilePaymentTenders(), Mapping.DEFAULT_MOBILE_PAYMENT_TENDERS),
                tenders(raw.giftCardTenders(), Mapping.DEFAULT_GIFT_CARD_TENDERS),
                tenders(raw.pointsTenders(), Mapping.DEFAULT_POINTS_TENDERS),
                tenders(raw.voucherTenders(), Mapping.DEFAULT_VOUCHER_TENDERS), pointValue(where, raw.pointValue()),
                giftCardItems(where, raw.giftCardItems()), Boolean.TRUE.equals(raw.giftCardsEarn()),
                column(where, "cashier", raw.cashier()), column(where, "discount", raw.discount()),
                tenders(raw.cashTenders(), Mapping.DEFAULT_CASH_TENDERS), tenders(raw.cardTenders(), Mapping.DEFAULT_CARD_TENDERS),
                accounts(where, raw.accounts()));
    }

    private static Mapping.GiftCardItems giftCardItems(String where, MappingFile.GiftCardItemsFile items) {
        if (items == null) {
            return null;
        }
        if (items.skus() == null || items.skus().isEmpty() || items.skus().stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new MappingException(where + ": giftCardItems.skus must list the SKUs that sell gift cards");
        }
        String number = column(where, "giftCardItems.numberField", items.numberField());
        if (number == null) {
            throw new MappingException(where + ": giftCardItems.numberField must name the column holding the card's number");
        }
        return new Mapping.GiftCardItems(items.skus().stream().map(s -> s.trim().toUpperCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet()), number);
    }

    private static String column(String where, String key, String column) {
        if (column == null) {
            return null;
        }
        if (column.isBlank()) {
            throw new MappingException(where + ": " + key + " must name a column");
        }
        return column.trim();
    }

    /** What YAML or the keys' types refused, in the admin's words, at its line. */
    private static MappingException unreadable(String where, String text, JsonProcessingException e) {
        Integer line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? null : e.getLocation().getLineNr();
        if (e instanceof UnrecognizedPropertyException unknown) {
            // The parser has read past the unknown key's value by now: find the key's own line.
            Integer own = lineOf(text, "'" + unknown.getPropertyName() + "'");
            line = own != null ? own : line;
        }
        String at = where + (line == null ? "" : ", line " + line) + ": ";
        if (e instanceof UnrecognizedPropertyException unknown) {
            String parent = path(unknown.getPath().subList(0, unknown.getPath().size() - 1));
            List<String> known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return new MappingException(at + "unknown key '" + unknown.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in " + parent)
                    + "; the keys there are " + String.join(", ", known), line);
        }
        if (e instanceof InvalidFormatException invalid) {
            Class<?> type = invalid.getTargetType();
            String wanted = Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class ? "a number"
                    : type == Boolean.class || type == boolean.class ? "true or false" : "a " + type.getSimpleName();
            return new MappingException(at + path(invalid.getPath()) + " '" + invalid.getValue() + "' is not " + wanted, line);
        }
        if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            Class<?> type = mismatched.getTargetType();
            String wanted = type != null && List.class.isAssignableFrom(type) ? "a list, e.g. [a, b]"
                    : type != null && type.isRecord() ? "a group of keys on the lines below it" : "a single value";
            return new MappingException(at + path(mismatched.getPath()) + " should be " + wanted, line);
        }
        return new MappingException(at + "not YAML that can be read: " + e.getOriginalMessage(), line);
    }

    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                text.append(text.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                text.append('[').append(r.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    /** The first line that sets a key the message names ('key' or key.sub), counted from 1; null when none does. */
    static Integer lineOf(String text, String message) {
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher key = KEY.matcher(lines[i]);
            if (key.find()) {
                String name = key.group(1);
                if (message.contains("'" + name + "'") || message.contains(": " + name + " ") || message.contains("." + name + " ")
                        || message.contains(" " + name + ".") || message.contains(": " + name + ".")) {
                    return i + 1;
                }
            }
        }
        return null;
    }

    private static EarnRules earn(String where, MappingFile.Earn earn) {
        if (earn == null) {
            return EarnRules.DEFAULT;
        }
        BigDecimal perUnit = earn.pointsPerUnit() == null ? BigDecimal.ONE : earn.pointsPerUnit();
        BigDecimal minSpend = earn.minSpend() == null ? BigDecimal.ZERO : earn.minSpend();
        if (perUnit.signum() < 0 || minSpend.signum() < 0) {
            throw new MappingException(where + ": earn.pointsPerUnit and earn.minSpend must not be negative");
        }
        return new EarnRules(perUnit, minSpend,
                earn.excludedSkus() == null ? Set.of() : Set.copyOf(earn.excludedSkus()),
                earn.excludedCategories() == null ? Set.of() : Set.copyOf(earn.excludedCategories()),
                tiers(where, earn.tiers()));
    }

    private static final Pattern EXPIRY = Pattern.compile("(?i)\\s*(none|rolling|inactivity)(?:\\s+(\\S+))?\\s*");

    private static PointsLife loyalty(String where, MappingFile.Loyalty loyalty) {
        if (loyalty == null) {
            return PointsLife.DEFAULT;
        }
        int pendingDays = loyalty.pendingDays() == null ? 0 : loyalty.pendingDays();
        if (pendingDays < 0 || pendingDays > 366) {
            throw new MappingException(where + ": loyalty.pendingDays must be from 0 to 366");
        }
        PointsLife.Expiry expiry = PointsLife.Expiry.NONE;
        Period period = null;
        if (loyalty.expiry() != null) {
            Matcher m = EXPIRY.matcher(loyalty.expiry());
            String wrong = where + ": loyalty.expiry '" + loyalty.expiry() + "' is not none, rolling <period> or inactivity <period>"
                    + " (e.g. rolling P12M)";
            if (!m.matches()) {
                throw new MappingException(wrong);
            }
            expiry = PointsLife.Expiry.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            if ((expiry == PointsLife.Expiry.NONE) != (m.group(2) == null)) {
                throw new MappingException(wrong);
            }
            if (m.group(2) != null) {
                try {
                    period = Period.parse(m.group(2).toUpperCase(Locale.ROOT));
                } catch (DateTimeException e) {
                    throw new MappingException(wrong);
                }
                if (period.isNegative() || period.isZero()) {
                    throw new MappingException(wrong);
                }
            }
        }
        PointsLife.MatureOn matureOn = PointsLife.MatureOn.WINDOW;
        if (loyalty.matureOn() != null) {
            matureOn = switch (loyalty.matureOn().trim().toLowerCase(Locale.ROOT)) {
                case "window" -> PointsLife.MatureOn.WINDOW;
                case "dayclose" -> PointsLife.MatureOn.DAY_CLOSE;
                default -> throw new MappingException(where + ": loyalty.matureOn '" + loyalty.matureOn() + "' is not window or dayClose");
            };
        }
        return new PointsLife(pendingDays, expiry, period, matureOn);
    }

    private static List<EarnRules.Tier> tiers(String where, List<MappingFile.TierFile> tiers) {
        if (tiers == null || tiers.isEmpty()) {
            return EarnRules.DEFAULT_TIERS;
        }
        List<EarnRules.Tier> checked = new ArrayList<>();
        long previous = -1;
        for (MappingFile.TierFile t : tiers) {
            if (t.name() == null || t.name().isBlank() || t.multiplier() == null || t.from() == null) {
                throw new MappingException(where + ": every earn.tiers entry needs name, multiplier and from");
            }
            if (t.multiplier().signum() < 0 || t.from() <= previous) {
                throw new MappingException(where + ": earn.tiers must be listed from the lowest, each 'from' higher than the one before, multipliers not negative");
            }
            previous = t.from();
            checked.add(new EarnRules.Tier(t.name().trim().toUpperCase(Locale.ROOT), t.multiplier(), t.from()));
        }
        if (checked.get(0).from() != 0) {
            throw new MappingException(where + ": the first of earn.tiers must start 'from: 0'");
        }
        return List.copyOf(checked);
    }

    /** What one point pays when redeemed as a tender; default 0.01 (100 points make one unit of the currency). */
    private static BigDecimal pointValue(String where, BigDecimal given) {
        if (given == null) {
            return Mapping.DEFAULT_POINT_VALUE;
        }
        if (given.signum() <= 0) {
            throw new MappingException(where + ": pointValue must be more than 0");
        }
        return given;
    }

    private static String require(String where, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new MappingException(where + ": '" + key + "' is required");
        }
        return value.trim();
    }

    /** Tender codes as given (upper-cased), or the default when the mapping names none. */
    /** The journal's accounts renamed (contract §22): each name a journal account, each value the accountant's, neither blank. */
    private static Map<String, String> accounts(String where, Map<String, String> given) {
        if (given == null) {
            return Map.of();
        }
        Map<String, String> accounts = new java.util.TreeMap<>();
        given.forEach((account, name) -> {
            if (account == null || account.isBlank() || name == null || name.isBlank() || name.length() > 64) {
                throw new MappingException(where + ": accounts maps the journal's accounts (REVENUE, TAX, TENDER_<code>, "
                        + "GIFT_CARD_LIABILITY, POINTS_LIABILITY, ROUNDING) to the accountant's names, none blank or over 64 characters");
            }
            accounts.put(account.trim().toUpperCase(Locale.ROOT), name.trim());
        });
        return Map.copyOf(accounts);
    }

    private static Set<String> tenders(List<String> given, Set<String> otherwise) {
        return given == null ? otherwise : Set.copyOf(given.stream().map(t -> t.trim().toUpperCase(Locale.ROOT)).toList());
    }
}
