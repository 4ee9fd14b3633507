package io.poshub.loyalty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/**
 * How a sale earns points (contract §5). Tiers arrive with the loyalty issue; until then every member
 * earns at multiplier 1.
 */
public record EarnProgram(BigDecimal pointsPerUnit, BigDecimal minSpend, Set<String> excludedSkus, Set<String> excludedCategories) {

    public static final EarnProgram DEFAULT = new EarnProgram(BigDecimal.ONE, BigDecimal.ZERO, Set.of(), Set.of());

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

    /** SALE when the net is zero or more, RETURN when it is negative. */
    public enum SaleKind {
        SALE, RETURN;

        public static SaleKind of(BigDecimal net) {
            return net.signum() < 0 ? RETURN : SALE;
        }
    }
}
