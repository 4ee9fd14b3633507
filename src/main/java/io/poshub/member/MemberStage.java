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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.SavepointManager;

/**
 * Writes one chunk of a member import set-based, in the caller's transaction. A chunk of members the merchant does
 * not have yet goes straight into {@code member} by {@code LOAD DATA}; any other goes by {@code LOAD DATA} into a
 * temporary {@code member_stage} table, where the rows that are new or change something are marked in one pass;
 * of those, rows whose card another member holds are refused, members that exist are updated in one statement —
 * only the columns the file names — and the rest inserted in another. A member that was MERGED stays merged. A row that breaks a key because another writer got
 * there first fails the chunk, which rolls back whole and can be tried again.
 */
final class MemberStage {

    /** A row's values, in this order: line first. */
    static final List<String> COLUMNS = List.of("line", "external_id", "card_number", "phone_e164", "email", "first_name",
            "last_name", "tier", "status", "marketing_consent", "receipt_consent");

    private static final List<String> MEMBER_COLUMNS = List.of("merchant", "external_id", "card_number", "phone_e164", "email",
            "first_name", "last_name", "tier", "assigned_tier", "status", "marketing_consent", "receipt_consent");

    /** The member column each optional column of the file writes. */
    private static final Map<Column, String> TARGET = Map.of(Column.CARD_NUMBER, "card_number", Column.PHONE, "phone_e164",
            Column.EMAIL, "email", Column.FIRST_NAME, "first_name", Column.LAST_NAME, "last_name", Column.TIER, "assigned_tier",
            Column.STATUS, "status", Column.MARKETING_CONSENT, "marketing_consent", Column.RECEIPT_CONSENT, "receipt_consent");

    private static final int LOOKUP = 5_000;
    private static final int SAMPLE = 100;

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
     * Writes the rows ({@link #COLUMNS} order; one row per external id). When a sample of the chunk's external ids is
     * unknown at the merchant, the chunk is first tried the fast way — straight into {@code member} by
     * {@code LOAD DATA}, which holds only when no row breaks a key — and otherwise, or when it did not hold (rolled
     * back to a savepoint), through the staging table.
     *
     * @return the lines refused because their card belongs to another member of the merchant, with that card
     */
    Map<Integer, String> write(List<Object[]> rows, SavepointManager transaction) {
        if (!anyKnown(rows)) {
            Object savepoint = transaction.createSavepoint();
            try {
                insert(rows);
                return Map.of();
            } catch (DuplicateKeyException someKnown) {
                transaction.rollbackToSavepoint(savepoint);
            }
        }
        return staged(rows);
    }

    /** Whether any of up to {@link #SAMPLE} external ids spread over the chunk is a member of the merchant already. */
    private boolean anyKnown(List<Object[]> rows) {
        int step = Math.max(1, rows.size() / SAMPLE);
        List<Object> args = new ArrayList<>();
        args.add(merchant);
        for (int i = 0; i < rows.size(); i += step) {
            args.add(rows.get(i)[1]);
        }
        return args.size() > 1 && !jdbc.queryForList("SELECT 1 FROM member WHERE merchant = ? AND external_id IN ("
                + Placeholders.list(args.size() - 1) + ") LIMIT 1", Integer.class, args.toArray()).isEmpty();
    }

    /** New members: the file's values, the lowest tier when it names none, ACTIVE unless it says otherwise. */
    private void insert(List<Object[]> rows) {
        String lowest = program.tier(null);
        List<Object[]> members = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            String tier = r[7] == null ? lowest : (String) r[7];
            members.add(new Object[] {merchant, r[1], r[2], r[3], r[4], r[5], r[6], tier, tier, r[8] == null ? "ACTIVE" : r[8],
                    Boolean.TRUE.equals(r[9]), r[10] == null ? "NONE" : r[10]});
        }
        BulkLoad.load(jdbc, "member", MEMBER_COLUMNS, members);
        List<Object> consenting = new ArrayList<>();
        consenting.add(merchant);
        rows.stream().filter(r -> Boolean.TRUE.equals(r[9])).forEach(r -> consenting.add(r[1]));
        if (consenting.size() > 1) {
            jdbc.update("INSERT INTO member_consent (member_id, kind, value, at, source) SELECT id, 'MARKETING', TRUE, UTC_TIMESTAMP(3),"
                    + " 'IMPORT' FROM member WHERE merchant = ? AND external_id IN (" + Placeholders.list(consenting.size() - 1) + ")",
                    consenting.toArray());
        }
        List<Object> receiving = new ArrayList<>();
        receiving.add(merchant);
        rows.stream().filter(r -> r[10] != null && !"NONE".equals(r[10])).forEach(r -> receiving.add(r[1]));
        if (receiving.size() > 1) {
            jdbc.update("INSERT INTO member_consent (member_id, kind, value, channel, at, source) SELECT id, 'RECEIPT', TRUE, receipt_consent,"
                    + " UTC_TIMESTAMP(3), 'IMPORT' FROM member WHERE merchant = ? AND external_id IN (" + Placeholders.list(receiving.size() - 1)
                    + ")", receiving.toArray());
        }
    }

    /**
     * Through the staging table: rows whose card another member holds are refused, members that exist get the file's
     * columns where any differs, the rest are inserted.
     */
    private Map<Integer, String> staged(List<Object[]> rows) {
        jdbc.execute("DROP TEMPORARY TABLE IF EXISTS member_stage");
        jdbc.execute("""
                CREATE TEMPORARY TABLE member_stage (
                    line INT NOT NULL, external_id VARCHAR(64) NOT NULL, card_number VARCHAR(64) NULL,
                    phone_e164 VARCHAR(20) NULL, email VARCHAR(254) NULL, first_name VARCHAR(100) NULL,
                    last_name VARCHAR(100) NULL, tier VARCHAR(20) NULL, status VARCHAR(10) NULL, marketing_consent BOOLEAN NULL,
                    receipt_consent VARCHAR(5) NULL,
                    changes BOOLEAN NOT NULL DEFAULT FALSE, fresh BOOLEAN NOT NULL DEFAULT FALSE
                ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
                """);
        BulkLoad.load(jdbc, "member_stage", COLUMNS, rows);
        List<String> sets = new ArrayList<>();
        List<String> same = new ArrayList<>();
        for (Column column : Column.values()) {
            String target = TARGET.get(column);
            if (target == null || !present.contains(column)) {
                continue;
            }
            String source = "s." + (column == Column.TIER ? "tier" : target);
            if (column == Column.STATUS) {
                sets.add("m.status = IF(m.status = 'MERGED', m.status, s.status)");
                same.add("(m.status <=> s.status OR m.status = 'MERGED')");
            } else {
                sets.add("m." + target + " = " + source);
                same.add("m." + target + " <=> " + source);
            }
        }
        List<Object> setArgs = new ArrayList<>();
        List<Object> sameArgs = new ArrayList<>();
        if (present.contains(Column.TIER)) {
            // The effective tier: the higher of the assigned and what the lifetime earned points reach.
            sets.add("m.tier = " + effectiveTier(setArgs));
            same.add("m.tier <=> " + effectiveTier(sameArgs));
        }
        // Only rows that are new or change something go on: a file sent again unchanged costs this one pass.
        List<Object> markArgs = new ArrayList<>();
        markArgs.add(merchant);
        markArgs.addAll(sameArgs);
        jdbc.update("UPDATE member_stage s LEFT JOIN member m ON m.merchant = ? AND m.external_id = s.external_id"
                + " SET s.changes = TRUE, s.fresh = m.id IS NULL WHERE m.id IS NULL" + (same.isEmpty() ? "" : " OR NOT (" + String.join(" AND ", same) + ")"),
                markArgs.toArray());
        Map<Integer, String> taken = present.contains(Column.CARD_NUMBER) ? refuseTakenCards() : Map.of();
        if (present.contains(Column.MARKETING_CONSENT)) {
            // Each change of consent is kept with when and how (contract §17): read before the update overwrites it.
            jdbc.update("""
                    INSERT INTO member_consent (member_id, kind, value, at, source)
                    SELECT m.id, 'MARKETING', s.marketing_consent, UTC_TIMESTAMP(3), 'IMPORT'
                      FROM member_stage s JOIN member m ON m.merchant = ? AND m.external_id = s.external_id
                     WHERE s.changes AND NOT s.fresh AND s.marketing_consent IS NOT NULL AND m.marketing_consent <> s.marketing_consent
                    """, merchant);
        }
        if (present.contains(Column.RECEIPT_CONSENT)) {
            jdbc.update("""
                    INSERT INTO member_consent (member_id, kind, value, channel, at, source)
                    SELECT m.id, 'RECEIPT', s.receipt_consent <> 'NONE', s.receipt_consent, UTC_TIMESTAMP(3), 'IMPORT'
                      FROM member_stage s JOIN member m ON m.merchant = ? AND m.external_id = s.external_id
                     WHERE s.changes AND NOT s.fresh AND s.receipt_consent IS NOT NULL AND m.receipt_consent <> s.receipt_consent
                    """, merchant);
        }
        if (!sets.isEmpty()) {
            List<Object> args = new ArrayList<>();
            args.add(merchant);
            args.addAll(setArgs);
            jdbc.update("UPDATE member m JOIN member_stage s ON m.merchant = ? AND m.external_id = s.external_id SET "
                    + String.join(", ", sets) + " WHERE s.changes", args.toArray());
        }
        String lowest = program.tier(null);
        jdbc.update("""
                INSERT INTO member (merchant, external_id, card_number, phone_e164, email, first_name, last_name, tier,
                                    assigned_tier, status, marketing_consent, receipt_consent)
                SELECT ?, s.external_id, s.card_number, s.phone_e164, s.email, s.first_name, s.last_name,
                       COALESCE(s.tier, ?), COALESCE(s.tier, ?), COALESCE(s.status, 'ACTIVE'), COALESCE(s.marketing_consent, FALSE),
                       COALESCE(s.receipt_consent, 'NONE')
                  FROM member_stage s
                 WHERE s.changes AND NOT EXISTS (SELECT 1 FROM member m WHERE m.merchant = ? AND m.external_id = s.external_id)
                """, merchant, lowest, lowest, merchant);
        jdbc.update("""
                INSERT INTO member_consent (member_id, kind, value, at, source)
                SELECT m.id, 'MARKETING', TRUE, UTC_TIMESTAMP(3), 'IMPORT'
                  FROM member_stage s JOIN member m ON m.merchant = ? AND m.external_id = s.external_id
                 WHERE s.fresh AND s.marketing_consent
                """, merchant);
        jdbc.update("""
                INSERT INTO member_consent (member_id, kind, value, channel, at, source)
                SELECT m.id, 'RECEIPT', TRUE, s.receipt_consent, UTC_TIMESTAMP(3), 'IMPORT'
                  FROM member_stage s JOIN member m ON m.merchant = ? AND m.external_id = s.external_id
                 WHERE s.fresh AND s.receipt_consent IN ('EMAIL', 'SMS')
                """, merchant);
        jdbc.execute("DROP TEMPORARY TABLE member_stage");
        return taken;
    }

    /** Of the new and changed rows, those whose card another member of the merchant holds: refused, out of the stage. */
    private Map<Integer, String> refuseTakenCards() {
        Map<Integer, String> taken = new HashMap<>();
        jdbc.query("""
                SELECT s.line, s.card_number FROM member_stage s
                  JOIN member m ON m.merchant = ? AND m.card_number = s.card_number
                 WHERE s.changes AND NOT (m.external_id <=> s.external_id)
                """, rs -> {
            taken.put(rs.getInt(1), rs.getString(2));
        }, merchant);
        List<Integer> lines = new ArrayList<>(taken.keySet());
        for (int from = 0; from < lines.size(); from += LOOKUP) {
            List<Integer> part = lines.subList(from, Math.min(lines.size(), from + LOOKUP));
            jdbc.update("DELETE FROM member_stage WHERE line IN (" + Placeholders.list(part.size()) + ")", part.toArray());
        }
        return taken;
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
