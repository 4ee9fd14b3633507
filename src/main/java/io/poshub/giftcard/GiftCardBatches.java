package io.poshub.giftcard;

import io.poshub.cards.CardKind;
import io.poshub.cards.CardRanges;
import io.poshub.common.InvalidField;
import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import io.poshub.db.Inserts;
import jakarta.annotation.PreDestroy;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A printed batch of gift cards activated at once (admin): the numbers run on from the first, each with its own
 * check digit; they are activated in the background, a block of 100 to a transaction, a number activated before
 * declined with its reason. The batch and its blocks show how far it got while it runs.
 */
@Service
public class GiftCardBatches {

    static final int BLOCK = 100;
    static final int MAX_COUNT = 100_000;
    private static final Logger log = LoggerFactory.getLogger(GiftCardBatches.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final GiftCardLedger ledger;
    private final GiftCardProperties properties;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "poshub-gift-card-batches"));

    private final CardRanges ranges;

    GiftCardBatches(JdbcTemplate jdbc, TransactionTemplate tx, GiftCardLedger ledger, GiftCardProperties properties, CardRanges ranges) {
        this.ranges = ranges;
        this.jdbc = jdbc;
        this.tx = tx;
        this.ledger = ledger;
        this.properties = properties;
    }

    /** Checks the batch, writes it and its blocks, and starts it; answers its id. */
    public long start(String merchant, String firstNumber, int count, long amount, String currency, String store) {
        String first = GiftCardNumbers.check(firstNumber, properties.checkDigit());
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidField("count", "count must be 1 to " + MAX_COUNT);
        }
        if (amount < 0) {
            throw new InvalidField("amount", "amount must be zero or more (minor units)");
        }
        if (currency == null || !currency.matches("[A-Za-z]{3}")) {
            throw new InvalidField("currency", "currency must be a three-letter code, like NOK");
        }
        List<String> numbers = numbers(first, count);
        // The whole batch within the merchant's gift card ranges (contract §19), or none of it.
        numbers.forEach(n -> ranges.check(merchant, CardKind.GIFT, n));
        long id = tx.execute(status -> {
            long batchId = Inserts.returningKey(jdbc, """
                    INSERT INTO gift_card_batch (merchant, first_number, count, amount, currency, store, status)
                    VALUES (?, ?, ?, ?, ?, ?, 'RUNNING')""", merchant, first, count, amount, currency.toUpperCase(Locale.ROOT), store);
            List<Object[]> blocks = new ArrayList<>();
            for (int from = 0, no = 1; from < numbers.size(); from += BLOCK, no++) {
                blocks.add(new Object[] {batchId, no, numbers.get(from), numbers.get(Math.min(numbers.size(), from + BLOCK) - 1)});
            }
            jdbc.batchUpdate("INSERT INTO gift_card_batch_block (batch_id, block_no, first_number, last_number, status) "
                    + "VALUES (?, ?, ?, ?, 'PENDING')", blocks);
            return batchId;
        });
        runner.submit(() -> run(id, merchant, numbers, amount, currency.toUpperCase(Locale.ROOT), store));
        return id;
    }

    private void run(long id, String merchant, List<String> numbers, long amount, String currency, String store) {
        try {
            for (int from = 0, no = 1; from < numbers.size(); from += BLOCK, no++) {
                List<String> block = numbers.subList(from, Math.min(numbers.size(), from + BLOCK));
                int blockNo = no;
                tx.executeWithoutResult(status -> activateBlock(id, blockNo, merchant, block, amount, currency, store));
            }
            jdbc.update("UPDATE gift_card_batch SET status = 'DONE', finished_at = UTC_TIMESTAMP(3) WHERE id = ?", id);
            log.info("Gift card batch {} done: {} numbers", id, numbers.size());
        } catch (RuntimeException e) {
            jdbc.update("UPDATE gift_card_batch SET status = 'FAILED', finished_at = UTC_TIMESTAMP(3) WHERE id = ?", id);
            log.error("Gift card batch {} failed: {}", id, e.getMessage());
        }
    }

    private void activateBlock(long id, int blockNo, String merchant, List<String> block, long amount, String currency, String store) {
        int activated = 0;
        int declined = 0;
        for (String number : block) {
            if (ledger.lock(merchant, number).isPresent()) {
                jdbc.update("INSERT INTO gift_card_batch_decline (batch_id, block_no, number, reason) VALUES (?, ?, ?, ?)",
                        id, blockNo, number, GiftCardAnswers.Reason.ALREADY_ACTIVATED.name());
                declined++;
            } else {
                ledger.record(ledger.open(merchant, number, currency, store), "ACTIVATE", amount, store, "batch " + id, null, false);
                activated++;
            }
        }
        jdbc.update("UPDATE gift_card_batch_block SET activated = ?, declined = ?, status = 'DONE' WHERE batch_id = ? AND block_no = ?",
                activated, declined, id, blockNo);
    }

    /** The merchant's latest batches, newest first: what the console lists before one is opened. */
    public List<GiftCardAnswers.BatchSummary> recent(String merchant, int limit) {
        return jdbc.query("SELECT id, status, count, store, created_at FROM gift_card_batch WHERE merchant = ? ORDER BY id DESC LIMIT ?",
                GiftCardBatches::summary, merchant, limit);
    }

    private static GiftCardAnswers.BatchSummary summary(ResultSet rs, int row) throws SQLException {
        return new GiftCardAnswers.BatchSummary(rs.getLong("id"), GiftCardAnswers.BatchStatus.valueOf(rs.getString("status")),
                rs.getInt("count"), rs.getString("store"), Utc.instant(rs.getTimestamp("created_at")));
    }

    /** The batch as far as it got: totals, and each block with its declined numbers. */
    public GiftCardAnswers.Batch find(String merchant, long id) {
        GiftCardAnswers.BatchSummary batch = jdbc.query("""
                        SELECT id, status, count, store, created_at FROM gift_card_batch WHERE id = ? AND merchant = ?
                        """, GiftCardBatches::summary, id, merchant)
                .stream().findFirst().orElseThrow(() -> new NotFound("no gift card batch " + id));
        Map<Integer, List<GiftCardAnswers.Declined>> declines = new LinkedHashMap<>();
        jdbc.query("SELECT block_no, number, reason FROM gift_card_batch_decline WHERE batch_id = ? ORDER BY number", rs -> {
            declines.computeIfAbsent(rs.getInt(1), n -> new ArrayList<>()).add(new GiftCardAnswers.Declined(rs.getString(2), rs.getString(3)));
        }, id);
        List<GiftCardAnswers.Block> blocks = jdbc.query("SELECT * FROM gift_card_batch_block WHERE batch_id = ? ORDER BY block_no",
                (rs, n) -> new GiftCardAnswers.Block(rs.getString("first_number"), rs.getString("last_number"), rs.getInt("activated"),
                        rs.getInt("declined"), GiftCardAnswers.BlockStatus.valueOf(rs.getString("status")), declines.getOrDefault(rs.getInt("block_no"), List.of())), id);
        return new GiftCardAnswers.Batch(id, batch.status(), batch.count(), blocks.stream().mapToInt(GiftCardAnswers.Block::activated).sum(),
                blocks.stream().mapToInt(GiftCardAnswers.Block::declined).sum(), blocks);
    }

    /** The batch's numbers: the first, then on, each with its own check digit (when numbers carry one). */
    List<String> numbers(String first, int count) {
        boolean luhn = properties.checkDigit() == GiftCardProperties.CheckDigit.LUHN;
        String payload = luhn ? first.substring(0, first.length() - 1) : first;
        BigInteger start = new BigInteger(payload);
        List<String> numbers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String next = start.add(BigInteger.valueOf(i)).toString();
            if (next.length() > payload.length()) {
                throw new InvalidField("count", "the batch runs past the largest number of " + first.length() + " digits");
            }
            next = "0".repeat(payload.length() - next.length()) + next;
            numbers.add(luhn ? next + GiftCardNumbers.luhnDigit(next) : next);
        }
        return numbers;
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
