package io.poshub.loyalty;

import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * A merchant's rewards catalogue (contract §18): what points buy — an amount or a percent off a sale, or an item — for
 * how many points, for which tiers, and how long the voucher bought stays good. Admins keep it; a till lists what a
 * member can afford now.
 */
@NamedInterface("api")
@Component
public class Rewards {

    /** What a voucher takes off a sale. */
    @NamedInterface("api")
    public enum Kind {
        /** {@code value} off, at most the sale's amount. */
        AMOUNT,
        /** {@code value} percent off the sale's amount. */
        PERCENT,
        /** One item free: {@code value} is the most it takes off. */
        ITEM
    }

    /** A reward of the catalogue. */
    @NamedInterface("api")
    @Schema(name = "Reward")
    public record Reward(@Schema(example = "50OFF") String code, @Schema(example = "50 kr off") String name,
                         @Schema(example = "200") long pointsCost, Kind kind, @Schema(example = "50.00") BigDecimal value,
                         @Schema(example = "NOK") String currency, @Schema(example = "30") int validDays, boolean active,
                         @Schema(description = "the tiers that may buy it; none: every tier", example = "[\"SILVER\", \"GOLD\"]")
                         List<String> tiers) {
    }

    private final JdbcTemplate jdbc;
    private final Programs programs;
    private final Ledger ledger;
    private final Clock clock;

    Rewards(JdbcTemplate jdbc, Programs programs, Ledger ledger, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.programs = programs;
        this.clock = clock;
    }

    /** The merchant's catalogue, by code. */
    public List<Reward> list(String merchant) {
        return jdbc.query("SELECT * FROM reward WHERE merchant = ? ORDER BY code", Rewards::reward, merchant);
    }

    public Optional<Reward> find(String merchant, String code) {
        return jdbc.query("SELECT * FROM reward WHERE merchant = ? AND code = ?", Rewards::reward, merchant, code).stream().findFirst();
    }

    /** The active rewards a member of this tier may buy with this balance, cheapest first. */
    public List<Reward> affordable(String merchant, String tier, long balance) {
        return list(merchant).stream().filter(r -> r.active() && r.pointsCost() <= balance && forTier(r, tier))
                .sorted((a, b) -> Long.compare(a.pointsCost(), b.pointsCost())).toList();
    }

    /** What a member can buy now: its merchant's active rewards for its tier within its balance; none when not ACTIVE. */
    public record ForMember(String merchant, long balance, List<Reward> rewards) {
    }

    /** @throws NotFound when there is no such member */
    public ForMember affordableFor(long memberId) {
        Map<String, Object> member = jdbc.queryForList("SELECT merchant, tier, status FROM member WHERE id = ?", memberId).stream()
                .findFirst().orElseThrow(() -> noMember(memberId));
        String merchant = (String) member.get("merchant");
        long balance = ledger.balance(memberId);
        return new ForMember(merchant, balance, "ACTIVE".equals(member.get("status"))
                ? affordable(merchant, (String) member.get("tier"), balance) : List.of());
    }

    /**
     * The merchant a member belongs to.
     *
     * @throws NotFound when there is no such member
     */
    public String merchantOf(long memberId) {
        return jdbc.queryForList("SELECT merchant FROM member WHERE id = ?", String.class, memberId).stream().findFirst()
                .orElseThrow(() -> noMember(memberId));
    }

    private static NotFound noMember(long memberId) {
        return new NotFound("no member with id " + memberId);
    }

    static boolean forTier(Reward reward, String tier) {
        return reward.tiers() == null || reward.tiers().isEmpty() || reward.tiers().contains(tier);
    }

    /**
     * Writes the reward under {@code code} (a new one or a change; a change does not touch vouchers bought before).
     *
     * @throws InvalidField naming the field that cannot be
     */
    public Reward put(String merchant, String code, Reward given) {
        Reward reward = checked(merchant, code, given);
        jdbc.update("""
                INSERT INTO reward (merchant, code, name, points_cost, kind, value, currency, valid_days, active, tiers, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE name = VALUES(name), points_cost = VALUES(points_cost), kind = VALUES(kind),
                    value = VALUES(value), currency = VALUES(currency), valid_days = VALUES(valid_days), active = VALUES(active),
                    tiers = VALUES(tiers), updated_at = VALUES(updated_at)
                """, merchant, reward.code(), reward.name(), reward.pointsCost(), reward.kind().name(), reward.value(),
                reward.currency(), reward.validDays(), reward.active(),
                reward.tiers() == null || reward.tiers().isEmpty() ? null : String.join(",", reward.tiers()), Utc.timestamp(clock.instant()));
        return find(merchant, reward.code()).orElseThrow();
    }

    private Reward checked(String merchant, String code, Reward r) {
        if (code == null || !code.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new InvalidField("code", "code must be 1-32 letters, digits, '-' or '_'");
        }
        if (r.code() != null && !r.code().equals(code)) {
            throw new InvalidField("code", "the body's code " + r.code() + " is not the path's " + code);
        }
        if (r.name() == null || r.name().isBlank() || r.name().length() > 100) {
            throw new InvalidField("name", "name is required, at most 100 characters");
        }
        if (r.pointsCost() <= 0) {
            throw new InvalidField("pointsCost", "pointsCost must be a positive whole number");
        }
        if (r.kind() == null) {
            throw new InvalidField("kind", "kind must be one of " + Arrays.toString(Kind.values()));
        }
        if (r.value() == null || r.value().signum() <= 0 || r.value().scale() > 2
                || (r.kind() == Kind.PERCENT && r.value().compareTo(BigDecimal.valueOf(100)) > 0)) {
            throw new InvalidField("value", "value must be above 0 with at most 2 decimals (a PERCENT at most 100)");
        }
        if (r.currency() != null && !r.currency().matches("[A-Z]{3}")) {
            throw new InvalidField("currency", "currency must be an ISO 4217 code like NOK");
        }
        if (r.validDays() < 1 || r.validDays() > 3650) {
            throw new InvalidField("validDays", "validDays must be between 1 and 3650");
        }
        List<String> tiers = r.tiers() == null ? List.of() : r.tiers().stream().map(t -> t.trim().toUpperCase(Locale.ROOT)).toList();
        List<String> known = programs.of(merchant).tierNames();
        tiers.stream().filter(t -> !known.contains(t)).findFirst().ifPresent(t -> {
            throw new InvalidField("tiers", "tier " + t + " is not one of " + known);
        });
        return new Reward(code, r.name().strip(), r.pointsCost(), r.kind(), r.value(), r.currency(), r.validDays(), r.active(), tiers);
    }

    private static Reward reward(ResultSet rs, int row) throws SQLException {
        String tiers = rs.getString("tiers");
        return new Reward(rs.getString("code"), rs.getString("name"), rs.getLong("points_cost"), Kind.valueOf(rs.getString("kind")),
                rs.getBigDecimal("value"), rs.getString("currency"), rs.getInt("valid_days"), rs.getBoolean("active"),
                tiers == null ? List.of() : List.of(tiers.split(",")));
    }
}
