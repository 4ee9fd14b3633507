package io.poshub.bench.peer;

import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamReader;
import org.springframework.batch.item.support.SingleItemPeekableItemReader;

/**
 * A ticket: the consecutive lines with the same store, register, ticket and business date — the reference
 * documentation's multi-line record, read through a {@link SingleItemPeekableItemReader}.
 */
final class TicketReader implements ItemStreamReader<List<SaleLine>> {

    private final SingleItemPeekableItemReader<SaleLine> lines;

    TicketReader(SingleItemPeekableItemReader<SaleLine> lines) {
        this.lines = lines;
    }

    @Override
    public List<SaleLine> read() throws Exception {
        SaleLine first = lines.read();
        if (first == null) {
            return null;
        }
        List<SaleLine> ticket = new ArrayList<>();
        ticket.add(first);
        String key = first.ticketKey();
        for (SaleLine next = lines.peek(); next != null && next.ticketKey().equals(key); next = lines.peek()) {
            ticket.add(lines.read());
        }
        return ticket;
    }

    @Override
    public void open(ExecutionContext context) {
        lines.open(context);
    }

    @Override
    public void update(ExecutionContext context) {
        lines.update(context);
    }

    @Override
    public void close() {
        lines.close();
    }
}
