package io.poshub.common;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Reads a file's chunks (tickets, members) on a thread of its own, at most {@code depth} chunks ahead of the booking (0:
 * the next one parsed and handed over when asked for), so parsing the next chunk overlaps writing this one. Memory
 * stays bounded by the depth; an error of the
 * reader is thrown to the consumer at the chunk where it happened; closing stops the reader and closes
 * the source.
 */
public final class ReadAhead<T> implements Iterator<T>, Closeable {

    private static final Object END = new Object();

    private record Failure(RuntimeException error) {
    }

    private final BlockingQueue<Object> queue;
    private final Closeable source;
    private final Thread reader;
    private Object next;

    public <S extends Iterator<T> & Closeable> ReadAhead(S source, int depth, String name) {
        this.source = source;
        this.queue = depth == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(depth);
        this.reader = new Thread(() -> {
            try {
                while (source.hasNext()) {
                    queue.put(source.next());
                }
                queue.put(END);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                RuntimeException error = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                try {
                    queue.put(new Failure(error));
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next chunk", e);
            }
        }
        if (next instanceof Failure failure) {
            throw failure.error();
        }
        return next != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T chunk = (T) next;
        next = null;
        return chunk;
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
