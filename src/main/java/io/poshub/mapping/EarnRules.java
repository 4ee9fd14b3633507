package io.poshub.mapping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.springframework.modulith.NamedInterface;

/**
 * A mapping's {@code earn} block, checked (contract §5): points per unit of eligible net, a minimum spend,
 * excluded SKUs and categories, and the tiers, ordered from the lowest (the first starts at 0).
 */
@NamedInterface("api")
public record EarnRules(BigDecimal pointsPerUnit, BigDecimal minSpend, Set<String> excludedSkus,
                        Set<String> excludedCategories, List<Tier> tiers) {

    /** A tier: its name, the multiplier its members earn at, and the lifetime earned points it starts at. */
    @NamedInterface("api")
    public record Tier(String name, BigDecimal multiplier, long from) {
    }

    public static final List<Tier> DEFAULT_TIERS = List.of(
            new Tier("BASE", BigDecimal.ONE, 0),
            new Tier("SILVER", new BigDecimal("1.25"), 1000),
            new Tier("GOLD", new BigDecimal("1.5"), 5000));

    /** What a mapping without an {@code earn} block earns by. */
    public static final EarnRules DEFAULT = new EarnRules(BigDecimal.ONE, BigDecimal.ZERO, Set.of(), Set.of(), DEFAULT_TIERS);
}
