package io.poshub.cards;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.cards.ranges}: each merchant's card number ranges by kind — a prefix, or from and to (inclusive, numbers
 * of one length) — and for member cards the program (a mapping's name) their holders earn by. A merchant with no range
 * of a kind takes any number of that kind.
 */
@ConfigurationProperties("poshub.cards")
public record CardRangesProperties(@DefaultValue List<Range> ranges) {

    /** One range as configured. */
    public record Range(String merchant, CardKind kind, String prefix, String from, String to, Integer length, String program) {
    }
}
