package io.poshub.member;

import io.poshub.db.BulkLoad;
import io.poshub.db.Placeholders;
import io.poshub.loyalty.EarnProgram;
import io.poshub.mapping.EarnRules;
import io.poshub.member.MemberCsv.Column;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes one chunk of a member import set-based, in the caller's transaction: the rows go by {@code LOAD DATA}
 * into a temporary {@code member_stage} table, rows whose card belongs to another member are refused, members
 * whose external id is known are updated where something changed, the rest inserted. Only the columns the file
 * names are written to members that exist. A member that was MERGED stays merged.
 */
final class MemberStage {

    static final List<String> COLUMNS = List.of("line", "external_id", "card_number", "phone_e164", "email", "first_name",
            "last_name", "tier", "status", "marketing_consent");

    /** The member columns a file's columns write, in the order of {@link Column}. */
    private static final Map<Column, String> TARGET = Map.of(Column.CARD_NUMBER, "card_number", Column.PHONE, "phone_e164",
            Column.EMAIL, "email", Column.FIRST_NAME, "first_name", Column.LAST_NAME, "last_name", Column.TIER, "assigned_tier",
            Column.STATUS, "status", Column.MARKETING_CONSENT, "marketing_consent");

    private final JdbcTemplate jdbc;
    private final String merchant;
    private final EarnProgram program;
    private final Set<Column> present;

    MemberStage(JdbcTemplate jdbc, String merchant, EarnProgram program, Set<Column> present) {
        this.jdbc = jdbc;
        this.merchant = merchant;
        this.program = program;
        this.present = present;
    }

    /**
     * Writes the rows ({@link #COLUMNS} order, line first).
     *
     * @return the lines refused because their card belongs to another member of the merchant, with that card
     */
    Map<Integer, String> write(List<Object[]> rows) {
        jdbc.execute("DROP TEMPORARY TABLE IF EXISTS member_stage");
        jdbc.execute("""
                CREATE TEMPORARY TABLE member_stage (
                    line INT NOT NULL, external_id VARCHAR(64) NOT NULL, card_number VARCHAR(64) NULL,
                    phone_e164 VARCHAR(20) NULL, email VARCHAR(254) NULL, first_name VARCHAR(100) NULL,
                    last_name VARCHAR(100) NULL, tier VARCHAR(20) NULL, status VARCHAR(10) NULL, marketing_consent BOOLEAN NULL
                ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
                """);
        BulkLoad.load(jdbc, "member_stage", COLUMNS, rows);
        Map<Integer, String> taken = present.contains(Column.CARD_NUMBER) ? refuseTakenCards() : Map.of();
        update();
        insert();
        jdbc.execute("DROP TEMPORARY TABLE member_stage");
        return taken;
    }

    private Map<Integer, String> refuseTakenCards() {
        Map<Integer, String> taken = new HashMap<>();
        jdbc.query("""
                SELECT s.line, s.card_number FROM member_stage s
                  JOIN member m ON m.merchant = ? AND m.card_number = s.card_number
                 WHERE NOT (m.external_id <=> s.external_id)
                """, rs -> {
            taken.put(rs.getInt(1), rs.getString(2));
        }, merchant);
        List<Integer> lines = new ArrayList<>(taken.keySet());
        for (int from = 0; from < lines.size(); from += 1000) {
            List<Integer> part = lines.subList(from, Math.min(lines.size(), from + 1000));
            jdbc.update("DELETE FROM member_stage WHERE line IN (" + Placeholders.list(part.size()) + ")", part.toArray());
        }
        return taken;
    }

    /** Members that exist get the file's columns, where any differs; a MERGED member keeps its status. */
    private void update() {
        List<String> sets = new ArrayList<>();
        List<String> same = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Column column : Column.values()) {
            String target = TARGET.get(column);
            if (target == null || !present.contains(column)) {
                continue;
            }
            String source = "s." + target;
            if (column == Column.STATUS) {
                sets.add("m.status = IF(m.status = 'MERGED', m.status, s.status)");
                same.add("(m.status <=> s.status OR m.status = 'MERGED')");
            } else if (column == Column.TIER) {
                sets.add("m.assigned_tier = s.tier");
                same.add("m.assigned_tier <=> s.tier");
            } else {
                sets.add("m." + target + " = " + source);
                same.add("m." + target + " <=> " + source);
            }
        }
        if (sets.isEmpty()) {
            return;
        }
        List<Object> setArgs = new ArrayList<>();
        List<Object> sameArgs = new ArrayList<>();
        if (present.contains(Column.TIER)) {
            // The effective tier: the higher of the assigned and what the lifetime earned points reach.
            sets.add("m.tier = " + effectiveTier(setArgs));
            same.add("m.tier <=> " + effectiveTier(sameArgs));
        }
        args.add(merchant);
        args.addAll(setArgs);
        args.addAll(sameArgs);
        jdbc.update("UPDATE member m JOIN member_stage s ON m.merchant = ? AND m.external_id = s.external_id SET "
                + String.join(", ", sets) + " WHERE NOT (" + String.join(" AND ", same) + ")", args.toArray());
    }

    /** New members: the file's values, the lowest tier when it names none, ACTIVE unless it says otherwise. */
    private void insert() {
        String lowest = program.tier(null);
        jdbc.update("""
                INSERT INTO member (merchant, external_id, card_number, phone_e164, email, first_name, last_name, tier,
                                    assigned_tier, status, marketing_consent)
                SELECT ?, s.external_id, s.card_number, s.phone_e164, s.email, s.first_name, s.last_name,
                       COALESCE(s.tier, ?), COALESCE(s.tier, ?), COALESCE(s.status, 'ACTIVE'), COALESCE(s.marketing_consent, FALSE)
                  FROM member_stage s
                 WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.merchant = ? AND m.external_id = s.external_id)
                 ORDER BY s.line
                """, merchant, lowest, lowest, merchant);
    }

    /** SQL for the tier of {@link EarnProgram#tierFor}(s.tier, m.lifetime_earned); the tiers' names and thresholds as arguments. */
    private String effectiveTier(List<Object> args) {
        List<EarnRules.Tier> tiers = program.rules().tiers();
        String names = Placeholders.list(tiers.size());
        StringBuilder reached = new StringBuilder("CASE");
        for (int i = tiers.size() - 1; i > 0; i--) {
            reached.append(" WHEN m.lifetime_earned >= ? THEN ").append(i + 1);
        }
        reached.append(" ELSE 1 END");
        tiers.forEach(t -> args.add(t.name()));
        for (int i = tiers.size() - 1; i > 0; i--) {
            args.add(tiers.get(i).from());
        }
        tiers.forEach(t -> args.add(t.name()));
        return "ELT(GREATEST(FIELD(s.tier, " + names + "), " + reached + "), " + names + ")";
    }
}
