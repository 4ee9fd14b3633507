package io.poshub.member;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.poshub.cards.CardKind;
import io.poshub.cards.CardRanges;
import io.poshub.common.ReadAhead;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.Values;
import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.Programs;
import io.poshub.member.MemberCsv.Column;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads members from the member CSV (contract §11; {@link MemberCsv}), set-based: the file is read as a stream,
 * checked row by row in memory, and written a chunk at a time in one transaction each ({@link MemberStage}). A
 * member whose external id is known at the merchant is updated. A bad row is reported with its line and reason
 * and the rest load. Memory holds two or three chunks, whatever the size of the file.
 */
@NamedInterface("api")
@Component
public class MemberImport {

    static final int CHUNK = 20_000;
    private static final int ATTEMPTS = 3;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CsvLimits limits;
    private final ApplicationEventPublisher events;
    private final Programs programs;
    private final CardRanges ranges;

    public MemberImport(JdbcTemplate jdbc, TransactionTemplate tx, ApplicationEventPublisher events, Programs programs,
                        CsvLimits limits, CardRanges ranges) {
        this.ranges = ranges;
        this.jdbc = jdbc;
        this.limits = limits;
        this.tx = tx;
        this.events = events;
        this.programs = programs;
    }

    /** What an import did: rows loaded, and the rows refused with their line and reason. */
    @NamedInterface("api")
    public record Result(int imported, List<RowError> rejected) {
    }

    @NamedInterface("api")
    public record RowError(int line, String reason, @JsonIgnore String raw) {
    }

    /** Told, inside each chunk's transaction, what the import has done so far and the chunk's refused rows. */
    @FunctionalInterface
    public interface Progress {

        Progress NONE = (rows, imported, rejected) -> { };

        void chunkWritten(int rowsSoFar, int importedSoFar, List<RowError> chunkRejected);
    }

    public Result load(String merchant, Reader csv) throws IOException {
        return load(merchant, csv, Progress.NONE);
    }

    /**
     * Loads the file; each chunk commits on its own, so a file cut short by a crash loads again as updates.
     *
     * @throws MemberFileException when the header is missing or names an unknown column (nothing is loaded)
     */
    public Result load(String merchant, Reader csv, Progress progress) throws IOException {
        MemberCsv file = MemberCsv.open(csv, limits);
        EarnProgram program = programs.of(merchant);
        Set<Column> present = EnumSet.noneOf(Column.class);
        Arrays.stream(Column.values()).filter(file::has).forEach(present::add);
        MemberStage stage = new MemberStage(jdbc, merchant, program, present);
        List<RowError> rejected = new ArrayList<>();
        int imported = 0;
        // The next chunk is read and checked on a thread of its own while this one is written.
        try (ReadAhead<Chunk> chunks = new ReadAhead<>(new CheckedChunks(file, program, card -> ranges.whyOutOfRange(merchant, CardKind.MEMBER, card)), 1, "poshub-members-" + merchant)) {
            while (chunks.hasNext()) {
                Chunk chunk = chunks.next();
                int before = imported;
                Outcome outcome = write(stage, chunk.rows(), chunk.rejected(), (loaded, refused) ->
                        progress.chunkWritten(chunk.rowsSoFar(), before + loaded, refused));
                imported += outcome.loaded();
                rejected.addAll(outcome.refused());
            }
        }
        tx.executeWithoutResult(status -> events.publishEvent(MembersArrived.manyOf(merchant)));
        return new Result(imported, rejected);
    }

    /** Up to {@link #CHUNK} records of the file: the rows that passed the checks, the rest with their reasons. */
    private record Chunk(List<Row> rows, List<RowError> rejected, int rowsSoFar) {
    }

    /** The file's records, checked, a chunk at a time (the last may be empty when the file has no rows). */
    private static final class CheckedChunks implements Iterator<Chunk>, Closeable {

        private final MemberCsv file;
        private final EarnProgram program;
        private final UnaryOperator<String> outOfRange;
        private int rows;
        private boolean done;

        /** @param outOfRange why a card number is outside the merchant's ranges, or null */
        CheckedChunks(MemberCsv file, EarnProgram program, UnaryOperator<String> outOfRange) {
            this.file = file;
            this.outOfRange = outOfRange;
            this.program = program;
        }

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public Chunk next() {
            List<MemberCsv.Record> records = new ArrayList<>();
            try {
                while (records.size() < CHUNK) {
                    MemberCsv.Record record = file.next();
                    if (record == null) {
                        done = true;
                        break;
                    }
                    records.add(record);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows += records.size();
            // Checking (phones above all) costs more than splitting the text: the records are checked in parallel.
            Object[] results = new Object[records.size()];
            IntStream.range(0, records.size()).parallel().forEach(i -> results[i] = check(file, program, outOfRange, records.get(i)));
            List<Row> checked = new ArrayList<>(results.length);
            List<RowError> refused = new ArrayList<>();
            for (Object result : results) {
                if (result instanceof Row row) {
                    checked.add(row);
                } else {
                    refused.add((RowError) result);
                }
            }
            return new Chunk(checked, refused, rows);
        }

        @Override
        public void close() {
            // The reader belongs to the caller of load.
        }
    }

    /** One checked row, its keys normalised, in {@link MemberStage#COLUMNS} order. */
    private record Row(int line, String raw, String externalId, Object[] values) {

        String card() {
            return (String) values[2];
        }
    }

    private record Outcome(int loaded, List<RowError> refused) {
    }

    /**
     * Writes a chunk: of rows naming the same external id the last wins (the earlier count as loaded); of
     * rows naming the same card for different members the first wins. Retried when another writer took a card
     * between the check and the write (the transaction rolled back whole).
     */
    private Outcome write(MemberStage stage, List<Row> rows, List<RowError> rejected, BiConsumer<Integer, List<RowError>> written) {
        Map<String, Integer> lastOf = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            lastOf.put(rows.get(i).externalId(), i);
        }
        int superseded = 0;
        Map<String, Row> cardOwner = new HashMap<>();
        List<Object[]> staged = new ArrayList<>(lastOf.size());
        List<Row> stagedRows = new ArrayList<>(lastOf.size());
        List<RowError> inChunk = new ArrayList<>(rejected);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (lastOf.get(row.externalId()) != i) {
                superseded++;
                continue;
            }
            Row owner = row.card() == null ? null : cardOwner.putIfAbsent(row.card(), row);
            if (owner != null) {
                inChunk.add(new RowError(row.line(), "card_number " + MemberKeys.mask(row.card()) + " is also on line "
                        + owner.line() + " for another member", row.raw()));
                continue;
            }
            staged.add(row.values());
            stagedRows.add(row);
        }
        int supersededRows = superseded;
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> {
                    Map<Integer, String> taken = stage.write(staged, status);
                    List<RowError> refused = new ArrayList<>(inChunk);
                    int loaded = supersededRows;
                    for (Row row : stagedRows) {
                        if (taken.containsKey(row.line())) {
                            refused.add(new RowError(row.line(), "card_number " + MemberKeys.mask(row.card())
                                    + " already belongs to another member", row.raw()));
                        } else {
                            loaded++;
                        }
                    }
                    refused.sort(Comparator.comparingInt(RowError::line));
                    written.accept(loaded, refused);
                    return new Outcome(loaded, refused);
                });
            } catch (DuplicateKeyException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** A row checked and normalised, or the reason it cannot load. */
    private static Object check(MemberCsv file, EarnProgram program, UnaryOperator<String> outOfRange, MemberCsv.Record r) {
        if (r.error() != null) {
            return new RowError(r.line(), r.error(), r.raw());
        }
        String externalId = MemberKeys.externalId(file.value(r, Column.EXTERNAL_ID));
        if (externalId == null) {
            return new RowError(r.line(), "external_id is required", r.raw());
        }
        String rawPhone = file.value(r, Column.PHONE);
        String phone = null;
        if (rawPhone != null && !rawPhone.isBlank()) {
            phone = MemberKeys.phone(rawPhone, "ZZ");
            if (phone == null || !rawPhone.trim().startsWith("+")) {
                return new RowError(r.line(), "phone must be in E.164 form, like +4791234567", r.raw());
            }
        }
        String tier = null;
        if (file.has(Column.TIER)) {
            try {
                tier = program.tier(file.value(r, Column.TIER));
            } catch (IllegalArgumentException e) {
                return new RowError(r.line(), e.getMessage(), r.raw());
            }
        }
        String status = null;
        if (file.has(Column.STATUS)) {
            String given = file.value(r, Column.STATUS).trim().toUpperCase(Locale.ROOT);
            status = given.isEmpty() ? "ACTIVE" : given;
            if (!status.equals("ACTIVE") && !status.equals("INACTIVE")) {
                return new RowError(r.line(), "status must be ACTIVE or INACTIVE", r.raw());
            }
        }
        Boolean consent = null;
        if (file.has(Column.MARKETING_CONSENT)) {
            String given = file.value(r, Column.MARKETING_CONSENT).trim().toLowerCase(Locale.ROOT);
            if (!given.isEmpty() && !given.equals("true") && !given.equals("false")) {
                return new RowError(r.line(), "marketing_consent must be true or false", r.raw());
            }
            consent = given.equals("true");
        }
        String receipts = null;
        if (file.has(Column.RECEIPT_CONSENT)) {
            try {
                receipts = Consents.receiptChannel(file.value(r, Column.RECEIPT_CONSENT));
            } catch (IllegalArgumentException e) {
                return new RowError(r.line(), "receipt_consent must be EMAIL, SMS or NONE", r.raw());
            }
        }
        String card = MemberKeys.card(file.value(r, Column.CARD_NUMBER));
        String outside = card == null ? null : outOfRange.apply(card);
        if (outside != null) {
            return new RowError(r.line(), "card_number: " + outside, r.raw());
        }
        String email = MemberKeys.email(file.value(r, Column.EMAIL));
        String firstName = Values.blankToNull(file.value(r, Column.FIRST_NAME));
        String lastName = Values.blankToNull(file.value(r, Column.LAST_NAME));
        String tooLong = tooLong("external_id", externalId, 64) + tooLong("card_number", card, 64) + tooLong("email", email, 254)
                + tooLong("first_name", firstName, 100) + tooLong("last_name", lastName, 100);
        if (!tooLong.isEmpty()) {
            return new RowError(r.line(), tooLong.substring(2), r.raw());
        }
        return new Row(r.line(), r.raw(), externalId,
                new Object[] {r.line(), externalId, card, phone, email, firstName, lastName, tier, status, consent, receipts});
    }

    private static String tooLong(String column, String value, int max) {
        return value != null && value.length() > max ? "; " + column + " is longer than " + max + " characters" : "";
    }
}
