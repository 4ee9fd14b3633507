package io.poshub.sale;

import java.util.ArrayList;
import java.util.List;

/** What booking one chunk of tickets did: the numbers that go into {@code import_file}, and the rejects. */
public final class BookingOutcome {

    int rowsAccepted;
    int booked;
    int duplicate;
    int parked;
    int anonymous;
    final List<Reject> rejects = new ArrayList<>();
    final List<SaleResult> sales = new ArrayList<>();

    /** What became of one ticket: BOOKED, PARKED, ANONYMOUS or DUPLICATE, with its member and points. */
    public record SaleResult(String store, String register, String ticket, String businessDate, String outcome,
                             Long memberId, long points, java.math.BigDecimal net) {
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

    void rejectTicket(Ticket ticket, String reason) {
        for (var row : ticket.rows()) {
            String why = row.ok() ? "rejected with its ticket: " + reason : row.error();
            rejects.add(new Reject(row.lineNo(), why, row.raw()));
        }
    }
}
