package io.poshub.dayclose;

import io.poshub.csv.CsvRecordReader;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows of a day file (Z-reports, terminal settlements) taken a group at a time — the rows sharing their first three
 * fields, a store's register-day or terminal-day — each kept whole or rejected whole: a day summed from part of its
 * rows would be a wrong day, not a shorter one.
 */
final class DayGroups {

    /** A row as read: its line, its text, and why it did not read (null when it did). */
    interface DayRow {
        int line();

        String raw();

        String error();
    }

    /** What keeps one group: keeps it (unless this import kept it already) and answers its business day. */
    interface Keeper<R> {
        LocalDate keep(List<R> group);
    }

    private DayGroups() {
    }

    /**
     * Reads every record after the header, groups the rows, and keeps or rejects each group: a group with a problem
     * ({@code problem} answers it, or null) has every row rejected, with its own error or the group's
     * ({@code "rejected with its <what>: <problem>"}); a row too short to name its group is rejected alone.
     */
    static <R extends DayRow> ZReports.Result keepWhole(CsvRecordReader records, Function<CsvRecordReader.CsvRecord, R> read,
                                                        String what, Function<List<R>, String> problem, Keeper<R> keeper) throws IOException {
        Map<String, List<R>> groups = new LinkedHashMap<>();
        List<ZReports.RowError> rejected = new ArrayList<>();
        for (CsvRecordReader.CsvRecord record = records.next(); record != null; record = records.next()) {
            R row = read.apply(record);
            List<String> f = record.fields();
            if (row.error() != null && f.size() < 3) {
                rejected.add(new ZReports.RowError(row.line(), row.error(), row.raw())); // not even a group to reject with
                continue;
            }
            groups.computeIfAbsent(f.get(0).trim() + '\u001F' + f.get(1).trim() + '\u001F' + f.get(2).trim(), k -> new ArrayList<>()).add(row);
        }
        int accepted = 0;
        LocalDate first = null;
        LocalDate last = null;
        for (List<R> group : groups.values()) {
            String why = problem.apply(group);
            if (why != null) {
                group.forEach(r -> rejected.add(new ZReports.RowError(r.line(), r.error() != null ? r.error()
                        : "rejected with its " + what + ": " + why, r.raw())));
                continue;
            }
            LocalDate day = keeper.keep(group);
            accepted += group.size();
            first = first == null || day.isBefore(first) ? day : first;
            last = last == null || day.isAfter(last) ? day : last;
        }
        rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new ZReports.Result(accepted, rejected, first, last);
    }
}
