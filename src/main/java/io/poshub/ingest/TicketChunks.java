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
import java.util.function.Function;

/**
 * Groups a file's rows into tickets (contiguous rows with the same ticket key) and hands them out in
 * chunks of at most {@code chunkSize} tickets, each as {@code then} makes it (screened for booking); only one chunk
 * is held at a time. A row whose ticket cannot be told is a ticket of its own.
 */
final class TicketChunks<T> implements Iterator<T>, Closeable {

    private final RowReader rows;
    private final int chunkSize;
    private final Function<List<Ticket>, T> then;
    private ParsedRow pending;
    private boolean started;
    private T next;
    private boolean ended;

    TicketChunks(RowReader rows, int chunkSize, Function<List<Ticket>, T> then) {
        this.rows = rows;
        this.chunkSize = chunkSize;
        this.then = then;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            List<Ticket> chunk = readChunk();
            ended = chunk.isEmpty();
            next = ended ? null : then.apply(chunk);
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T chunk = next;
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
