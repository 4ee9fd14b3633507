package io.poshub.sale;

import io.poshub.format.ParsedRow;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/** All rows of one ticket, contiguous in the file, as read: some may be bad. */
@NamedInterface("api")
public record Ticket(List<ParsedRow> rows) {

    public Ticket {
        rows = List.copyOf(rows);
    }

    public ParsedRow first() {
        return rows.get(0);
    }

    /** The first bad row, or null when every row was read. */
    public ParsedRow firstBadRow() {
        return rows.stream().filter(r -> !r.ok()).findFirst().orElse(null);
    }
}
