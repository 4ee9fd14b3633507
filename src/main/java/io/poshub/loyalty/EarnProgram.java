package io.poshub.loyalty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;

/**
 * How a sale earns points (contract §5): points per unit of eligible net, a minimum spend, excluded SKUs
 * and categories, and tiers whose multiplier a member earns at, reached by lifetime earned points.
 *
 * @param tiers ordered from the lowest; the first starts at 0
 */
public record EarnProgram(BigDecimal pointsPerUnit, BigDecimal minSpend, Set<String> excludedSkus,
                          Set<String> excludedCategories, List<Tier> tiers) {

    /** A tier: its name, the multiplier its members earn at, and the lifetime earned points it starts at. */
    public record Tier(String name, BigDecimal multiplier, long from) {
    }

    public static final List<Tier> DEFAULT_TIERS = List.of(
            new Tier("BASE", BigDecimal.ONE, 0),
            new Tier("SILVER", new BigDecimal("1.25"), 1000),
            new Tier("GOLD", new BigDecimal("1.5"), 5000));

    public static final EarnProgram DEFAULT = new EarnProgram(BigDecimal.ONE, BigDecimal.ZERO, Set.of(), Set.of(), DEFAULT_TIERS);

    public boolean excludes(String sku, String category) {
        return (sku != null && excludedSkus.contains(sku)) || (category != null && excludedCategories.contains(category));
    }

    /**
     * Points for a sale or return whose eligible net is {@code eligible}: a sale earns
     * floor(eligible × pointsPerUnit × multiplier) from minSpend up, a return takes back
     * floor(|eligible| × pointsPerUnit × multiplier).
     */
    public long points(SaleKind kind, BigDecimal eligible, BigDecimal multiplier) {
        if (kind == SaleKind.RETURN) {
            BigDecimal taken = eligible.signum() < 0 ? eligible.negate() : BigDecimal.ZERO;
            return -taken.multiply(pointsPerUnit).multiply(multiplier).setScale(0, RoundingMode.FLOOR).longValueExact();
        }
        if (eligible.signum() <= 0 || eligible.compareTo(minSpend) < 0) {
            return 0;
        }
        return eligible.multiply(pointsPerUnit).multiply(multiplier).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** The multiplier of a tier by name; a tier this program does not know earns at 1. */
    public BigDecimal multiplier(String tier) {
        return tiers.stream().filter(t -> t.name().equalsIgnoreCase(tier)).map(Tier::multiplier).findFirst().orElse(BigDecimal.ONE);
    }

    /** The higher of the assigned tier and the tier the lifetime earned points reach. */
    public String tierFor(String assigned, long lifetimeEarned) {
        int reached = 0;
        for (int i = 0; i < tiers.size(); i++) {
            if (lifetimeEarned >= tiers.get(i).from()) {
                reached = i;
            }
        }
        int floor = -1;
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).name().equalsIgnoreCase(assigned)) {
                floor = i;
            }
        }
        return tiers.get(Math.max(reached, floor)).name();
    }

    /** SALE when the net is zero or more, RETURN when it is negative. */
    public enum SaleKind {
        SALE, RETURN;

        public static SaleKind of(BigDecimal net) {
            return net.signum() < 0 ? RETURN : SALE;
        }
    }
}
