package io.poshub.loyalty;

import io.poshub.common.InvalidField;
import io.poshub.mapping.EarnRules.Tier;
import io.poshub.mapping.EarnRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.modulith.NamedInterface;

/**
 * How a sale earns points (contract §5), by a mapping's {@link EarnRules}: what is eligible, how many points, at
 * which tier's multiplier, and the tier lifetime earned points reach. The one place earning is worked out, for a
 * chunk being booked and for a parked sale booked later.
 */
@NamedInterface("api")
public record EarnProgram(EarnRules rules) {

    public static final List<Tier> DEFAULT_TIERS = EarnRules.DEFAULT_TIERS;

    public static final EarnProgram DEFAULT = new EarnProgram(EarnRules.DEFAULT);

    public EarnProgram(BigDecimal pointsPerUnit, BigDecimal minSpend, Set<String> excludedSkus, Set<String> excludedCategories,
                       List<Tier> tiers) {
        this(new EarnRules(pointsPerUnit, minSpend, excludedSkus, excludedCategories, tiers));
    }

    /** A line of a sale as earning sees it. */
    @NamedInterface("api")
    public record Line(String sku, String category, BigDecimal net) {
    }

    /** The net of the lines that earn: all but the excluded SKUs and categories. */
    public BigDecimal eligible(List<Line> lines) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Line line : lines) {
            if (!excludes(line.sku(), line.category())) {
                sum = sum.add(line.net());
            }
        }
        return sum;
    }

    /**
     * A tier as given for a member (any case; blank: the lowest), in this program's words.
     *
     * @throws IllegalArgumentException when the program has no such tier
     */
    public String tier(String given) {
        String tier = given == null || given.isBlank() ? rules.tiers().get(0).name() : given.trim().toUpperCase(Locale.ROOT);
        for (Tier known : rules.tiers()) {
            if (known.name().equals(tier)) {
                return tier;
            }
        }
        throw new InvalidField("tier", "tier must be one of " + tierNames());
    }

    /** The tiers' names, lowest first. */
    public List<String> tierNames() {
        return rules.tiers().stream().map(Tier::name).toList();
    }

    public boolean excludes(String sku, String category) {
        return (sku != null && rules.excludedSkus().contains(sku)) || (category != null && rules.excludedCategories().contains(category));
    }

    /**
     * Points for a sale or return whose eligible net is {@code eligible}: a sale earns
     * floor(eligible × pointsPerUnit × multiplier) from minSpend up, a return takes back
     * floor(|eligible| × pointsPerUnit × multiplier).
     */
    public long points(SaleKind kind, BigDecimal eligible, BigDecimal multiplier) {
        if (kind == SaleKind.RETURN) {
            BigDecimal taken = eligible.signum() < 0 ? eligible.negate() : BigDecimal.ZERO;
            return -taken.multiply(rules.pointsPerUnit()).multiply(multiplier).setScale(0, RoundingMode.FLOOR).longValueExact();
        }
        if (eligible.signum() <= 0 || eligible.compareTo(rules.minSpend()) < 0) {
            return 0;
        }
        return eligible.multiply(rules.pointsPerUnit()).multiply(multiplier).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** The multiplier of a tier by name; a tier this program does not know earns at 1. */
    public BigDecimal multiplier(String tier) {
        return rules.tiers().stream().filter(t -> t.name().equalsIgnoreCase(tier)).map(Tier::multiplier).findFirst().orElse(BigDecimal.ONE);
    }

    /** The higher of the assigned tier and the tier the lifetime earned points reach. */
    public String tierFor(String assigned, long lifetimeEarned) {
        int reached = 0;
        for (int i = 0; i < rules.tiers().size(); i++) {
            if (lifetimeEarned >= rules.tiers().get(i).from()) {
                reached = i;
            }
        }
        int floor = -1;
        for (int i = 0; i < rules.tiers().size(); i++) {
            if (rules.tiers().get(i).name().equalsIgnoreCase(assigned)) {
                floor = i;
            }
        }
        return rules.tiers().get(Math.max(reached, floor)).name();
    }

    /** SALE when the net is zero or more, RETURN when it is negative. */
    @NamedInterface("api")
    public enum SaleKind {
        SALE, RETURN;

        public static SaleKind of(BigDecimal net) {
            return net.signum() < 0 ? RETURN : SALE;
        }
    }
}
