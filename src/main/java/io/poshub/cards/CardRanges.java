package io.poshub.cards;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * The merchants' card number ranges (contract §19), checked when the hub starts: a range is a prefix or an inclusive
 * span of numbers of one length, and no two ranges of one merchant may share a number — the hub refuses to start,
 * naming both. A number is in range when the merchant has no range of its kind, or it lies in one of them.
 */
@NamedInterface("api")
@Component
public class CardRanges {

    /** The characters a new member card is drawn from after an alphanumeric prefix (no look-alikes 0, O, 1, I). */
    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final int DEFAULT_LENGTH = 10;

    /** One checked range: {@code prefix} set, or {@code from} and {@code to} of the same length. */
    @NamedInterface("api")
    public record Range(int index, String merchant, CardKind kind, String prefix, String from, String to, int length, String program) {

        boolean contains(String number) {
            if (prefix != null) {
                return number.startsWith(prefix);
            }
            return number.length() == from.length() && number.compareTo(from) >= 0 && number.compareTo(to) <= 0;
        }

        boolean overlaps(Range other) {
            if (prefix != null && other.prefix != null) {
                return prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix);
            }
            if (prefix == null && other.prefix == null) {
                return from.length() == other.from.length() && from.compareTo(other.to) <= 0 && other.from.compareTo(to) <= 0;
            }
            Range p = prefix != null ? this : other;
            Range span = prefix != null ? other : this;
            int length = span.from.length();
            if (p.prefix.length() > length) {
                return false;
            }
            String lowest = p.prefix + "0".repeat(length - p.prefix.length());
            String highest = p.prefix + "9".repeat(length - p.prefix.length());
            return lowest.compareTo(span.to) <= 0 && highest.compareTo(span.from) >= 0;
        }

        /** How the configuration names it. */
        public String describe() {
            return "poshub.cards.ranges[" + index + "] (" + merchant + ", " + kind + ", "
                    + (prefix != null ? "prefix " + prefix : from + "–" + to) + ")";
        }
    }

    private final List<Range> ranges;
    private final SecureRandom random = new SecureRandom();

    public CardRanges(CardRangesProperties properties) {
        this.ranges = check(properties.ranges() == null ? List.of() : properties.ranges());
    }

    /**
     * The ranges, checked.
     *
     * @throws IllegalStateException naming the range that is wrong, or the two that overlap
     */
    static List<Range> check(List<CardRangesProperties.Range> configured) {
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            CardRangesProperties.Range r = configured.get(i);
            String where = "poshub.cards.ranges[" + i + "]";
            if (r.merchant() == null || r.merchant().isBlank()) {
                throw new IllegalStateException(where + ": merchant is required");
            }
            if (r.kind() == null) {
                throw new IllegalStateException(where + ": kind is required (MEMBER or GIFT)");
            }
            boolean prefix = r.prefix() != null && !r.prefix().isBlank();
            boolean span = r.from() != null || r.to() != null;
            if (prefix == span) {
                throw new IllegalStateException(where + ": give either prefix, or from and to");
            }
            if (r.program() != null && r.kind() != CardKind.MEMBER) {
                throw new IllegalStateException(where + ": only MEMBER ranges name a program");
            }
            String from = null;
            String to = null;
            if (span) {
                from = r.from() == null ? "" : r.from().trim();
                to = r.to() == null ? "" : r.to().trim();
                if (!from.matches("\\d{4,19}") || !to.matches("\\d{4,19}") || from.length() != to.length() || from.compareTo(to) > 0) {
                    throw new IllegalStateException(where + ": from and to must be numbers of the same length (4 to 19 digits), from "
                            + "not after to (found " + r.from() + " and " + r.to() + ")");
                }
            } else if (!r.prefix().trim().matches("[0-9A-Za-z]{1,18}")) {
                throw new IllegalStateException(where + ": prefix must be 1 to 18 letters or digits (found '" + r.prefix() + "')");
            }
            String p = prefix ? r.prefix().trim().toUpperCase(Locale.ROOT) : null;
            int length = r.length() != null ? r.length() : from != null ? from.length()
                    : r.kind() == CardKind.GIFT ? 16 : Math.max(DEFAULT_LENGTH, p.length() + 4);
            if (p != null && length < p.length() + 4) {
                throw new IllegalStateException(where + ": length must leave at least 4 characters after the prefix");
            }
            ranges.add(new Range(i, r.merchant().trim(), r.kind(), p, from, to, length,
                    r.program() == null || r.program().isBlank() ? null : r.program().trim()));
        }
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                Range a = ranges.get(i);
                Range b = ranges.get(j);
                if (a.merchant().equals(b.merchant()) && a.overlaps(b)) {
                    throw new IllegalStateException(a.describe() + " overlaps " + b.describe()
                            + ": a card number would belong to both; make them disjoint");
                }
            }
        }
        return List.copyOf(ranges);
    }

    /** The range of that kind holding the number, empty when none does (or the merchant has none of the kind). */
    public Optional<Range> of(String merchant, CardKind kind, String number) {
        return ranges.stream().filter(r -> r.merchant().equals(merchant) && r.kind() == kind && r.contains(number)).findFirst();
    }

    /** Whether the merchant limits its numbers of that kind to ranges. */
    public boolean limits(String merchant, CardKind kind) {
        return ranges.stream().anyMatch(r -> r.merchant().equals(merchant) && r.kind() == kind);
    }

    /**
     * Refuses a number outside the merchant's ranges of its kind.
     *
     * @throws CardOutOfRange naming the kind and the number's last four
     */
    public void check(String merchant, CardKind kind, String number) {
        String why = whyOutOfRange(merchant, kind, number);
        if (why != null) {
            throw new CardOutOfRange(why);
        }
    }

    /** Why the number is refused, for a reject reason, or null when it is in range. */
    public String whyOutOfRange(String merchant, CardKind kind, String number) {
        if (number == null || !limits(merchant, kind) || of(merchant, kind, number).isPresent()) {
            return null;
        }
        String last = number.length() > 4 ? "…" + number.substring(number.length() - 4) : "…";
        return CardOutOfRange.CODE + ": " + (kind == CardKind.MEMBER ? "member card " : "gift card ") + last
                + " is outside merchant " + merchant + "'s " + kind + " card ranges";
    }

    /** The program a member card's range earns by, or empty for the merchant's usual one. */
    public Optional<String> programOf(String merchant, String memberCard) {
        return memberCard == null ? Optional.empty() : of(merchant, CardKind.MEMBER, memberCard).map(Range::program);
    }

    /** Whether any range of the merchant names a program. */
    public boolean hasPrograms(String merchant) {
        return ranges.stream().anyMatch(r -> r.merchant().equals(merchant) && r.program() != null);
    }

    /**
     * A new member card number from the merchant's first MEMBER range, random within it; empty when the merchant has no
     * MEMBER range. Uniqueness is the caller's: a clash is drawn again.
     */
    public Optional<String> drawMemberCard(String merchant) {
        return ranges.stream().filter(r -> r.merchant().equals(merchant) && r.kind() == CardKind.MEMBER).findFirst().map(this::draw);
    }

    private String draw(Range range) {
        if (range.prefix() == null) {
            BigInteger low = new BigInteger(range.from());
            BigInteger span = new BigInteger(range.to()).subtract(low).add(BigInteger.ONE);
            BigInteger pick;
            do {
                pick = new BigInteger(span.bitLength(), random);
            } while (pick.compareTo(span) >= 0);
            String n = low.add(pick).toString();
            return "0".repeat(range.from().length() - n.length()) + n;
        }
        boolean digits = range.prefix().chars().allMatch(Character::isDigit);
        StringBuilder card = new StringBuilder(range.prefix());
        while (card.length() < range.length()) {
            card.append(digits ? (char) ('0' + random.nextInt(10)) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return card.toString();
    }
}
