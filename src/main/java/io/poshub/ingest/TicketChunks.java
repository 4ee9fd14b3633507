package io.poshub.ingest;

import io.poshub.format.ParsedRow;
import io.poshub.format.RowReader;
import io.poshub.sale.Ticket;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Groups a file's rows into tickets (contiguous rows with the same ticket key) and hands them out in
 * chunks of at most {@code chunkSize} tickets; only one chunk is held at a time. A row whose ticket
 * cannot be told is a ticket of its own.
 */
final class TicketChunks implements Iterator<List<Ticket>>, Closeable {

    private final RowReader rows;
    private final int chunkSize;
    private ParsedRow pending;
    private boolean started;
    private List<Ticket> next;

    TicketChunks(RowReader rows, int chunkSize) {
        this.rows = rows;
        this.chunkSize = chunkSize;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readChunk();
        }
        return !next.isEmpty();
    }

    @Override
    public List<Ticket> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<Ticket> chunk = next;
        next = null;
        return chunk;
    }

    private List<Ticket> readChunk() {
        List<Ticket> chunk = new ArrayList<>();
        try {
            if (!started) {
                pending = rows.next();
                started = true;
            }
            while (pending != null && chunk.size() < chunkSize) {
                List<ParsedRow> ticket = new ArrayList<>();
                ticket.add(pending);
                String key = pending.ticketKey();
                pending = rows.next();
                while (key != null && pending != null && Objects.equals(key, pending.ticketKey())) {
                    ticket.add(pending);
                    pending = rows.next();
                }
                chunk.add(new Ticket(ticket));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chunk;
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
