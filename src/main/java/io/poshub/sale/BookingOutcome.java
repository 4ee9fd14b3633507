package io.poshub.sale;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.modulith.NamedInterface;

/** What booking one chunk of tickets did: the numbers that go into {@code import_file}, the rejects, each sale's fate. */
@NamedInterface("api")
public final class BookingOutcome {

    private int rowsAccepted;
    private int booked;
    private int duplicate;
    private int parked;
    private int anonymous;
    private final List<Reject> rejects = new ArrayList<>();
    private final List<SaleResult> sales = new ArrayList<>();
    private final List<SaleIdentity> voids = new ArrayList<>();
    private final Set<LocalDate> businessDates = new TreeSet<>();

    /** What became of one ticket: BOOKED, PARKED, ANONYMOUS or DUPLICATE, with its member and points. */
    @NamedInterface("api")
    public record SaleResult(String store, String register, String ticket, String businessDate, String outcome,
                             Long memberId, long points, BigDecimal net) {
    }

    public List<SaleResult> sales() {
        return sales;
    }

    public int rowsAccepted() {
        return rowsAccepted;
    }

    public int rowsRejected() {
        return rejects.size();
    }

    public int booked() {
        return booked;
    }

    public int duplicate() {
        return duplicate;
    }

    public int parked() {
        return parked;
    }

    public int anonymous() {
        return anonymous;
    }

    public List<Reject> rejects() {
        return rejects;
    }

    /** Every row of the ticket is a reject: a bad row with its own reason, the others with the ticket's. */
    void rejectTicket(Ticket ticket, String reason) {
        for (var row : ticket.rows()) {
            String why = row.ok() ? "rejected with its ticket: " + reason : row.error();
            rejects.add(new Reject(row.lineNo(), why, row.raw()));
        }
    }

    /** A VOID ticket: its rows are accepted, it makes no sale; its number is kept as used. */
    void acceptVoid(int rows, SaleIdentity ticket) {
        rowsAccepted += rows;
        voids.add(ticket);
        businessDates.add(ticket.businessDate());
    }

    List<SaleIdentity> voids() {
        return voids;
    }

    /** The business days of the chunk's accepted tickets (sales, duplicates and voids alike). */
    public List<LocalDate> businessDates() {
        return List.copyOf(businessDates);
    }

    /**
     * A sale whose rows were accepted, counted as {@code counted} (a {@code sale.status}, or DUPLICATE) and shown
     * as {@code shownAs}.
     */
    void accept(SaleDraft draft, String counted, String shownAs, Long memberId, long points) {
        rowsAccepted += draft.rows().size();
        switch (counted) {
            case "BOOKED" -> booked++;
            case "PARKED" -> parked++;
            case "ANONYMOUS" -> anonymous++;
            default -> duplicate++;
        }
        SaleIdentity id = draft.identity();
        businessDates.add(id.businessDate());
        sales.add(new SaleResult(id.store(), id.register(), id.ticket(), id.businessDate().toString(), shownAs, memberId, points,
                draft.net()));
    }
}
