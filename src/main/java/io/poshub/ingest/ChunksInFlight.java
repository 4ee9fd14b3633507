package io.poshub.ingest;

import io.poshub.sale.BookingOutcome;
import io.poshub.sale.SaleBooker;
import io.poshub.sale.Ticket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file's chunks booked two at a time, each in its own transaction on its own connection: while one commits its
 * members' points, the next writes its sales, lines and tenders ({@link SaleBooker#bookAhead}) — the database works on
 * both at once. A chunk still commits whole, and never before the chunk before it: it waits for that commit before it
 * locks its members, and rolls back when that chunk did not commit. A chunk that could not be booked ahead (the chunk
 * before failed, a member moved meanwhile, a sale met twice) is booked again the plain way once nothing is in flight —
 * so what commits is what booking the chunks one after another commits.
 *
 * <p>Two lanes of one thread each take the chunks in turn, so a chunk starts only once the chunk two before it has
 * ended: the chunk before it is the only one it may not see. A lane's thread ends when it has been idle a while.
 */
final class ChunksInFlight {

    private static final Logger log = LoggerFactory.getLogger(ChunksInFlight.class);

    /**
     * One chunk's attempt: when its sales are written (or it ended), and its commit with the import's counts. The chunk
     * is kept until it committed, to be booked again when it did not.
     */
    private static final class Attempt {
        private volatile List<Ticket> chunk;
        private final CompletableFuture<SaleBooker.ChunkBefore> written = new CompletableFuture<>();
        private final CompletableFuture<ImportCounts> committed = new CompletableFuture<>();

        Attempt(List<Ticket> chunk) {
            this.chunk = chunk;
        }

        CompletableFuture<SaleBooker.ChunkBefore> written() {
            return written;
        }

        CompletableFuture<ImportCounts> committed() {
            return committed;
        }

        List<Ticket> chunk() {
            return chunk;
        }

        void commit(ImportCounts counts) {
            chunk = null;
            committed.complete(counts);
        }
    }

    private final ImportPipeline pipeline;
    private final SaleBooker.Source source;
    private final Consumer<BookingOutcome> also;
    private final ThreadPoolExecutor[] lanes = new ThreadPoolExecutor[2];
    private final Deque<Attempt> inFlight = new ArrayDeque<>();
    /** Chunks whose attempt failed, in file order: booked the plain way before anything else. */
    private final Deque<List<Ticket>> again = new ArrayDeque<>();
    private ImportCounts counts;
    private int next;

    /**
     * @param counts the import's counts before the first chunk
     * @param also   sees each chunk's outcome before it commits, and may write in its transaction
     */
    ChunksInFlight(ImportPipeline pipeline, SaleBooker.Source source, ImportCounts counts, String feed, Consumer<BookingOutcome> also) {
        this.pipeline = pipeline;
        this.source = source;
        this.counts = counts;
        this.also = also;
        for (int i = 0; i < lanes.length; i++) {
            String name = "poshub-book-" + feed + "-" + i;
            lanes[i] = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /**
     * Starts booking the chunk and returns once its sales are written (or its attempt ended), so the next one may
     * start. Chunks failed before are booked first, the plain way; when that throws, this chunk was not taken and
     * the caller may offer it again.
     *
     * @return the import's counts as far as chunks have committed
     */
    ImportCounts book(List<Ticket> chunk) {
        settleFailed();
        Attempt before = inFlight.peekLast();
        CompletableFuture<SaleBooker.ChunkBefore> beforeWritten = before == null
                ? CompletableFuture.completedFuture(SaleBooker.ChunkBefore.NONE) : before.written();
        CompletableFuture<ImportCounts> beforeCommitted = before == null
                ? CompletableFuture.completedFuture(counts) : before.committed();
        Attempt attempt = new Attempt(chunk);
        boolean resendsExpected = counts.salesDuplicate() > 0;
        lanes[next++ % lanes.length].execute(() -> {
            try {
                // The chunk before has written its sales (this one was offered only then), or it ended without (null).
                SaleBooker.ChunkBefore leaves = beforeWritten.join();
                if (leaves == null) {
                    throw new IllegalStateException("the chunk before was not booked");
                }
                attempt.commit(pipeline.bookAhead(chunk, source, resendsExpected, leaves, attempt.written()::complete,
                        beforeCommitted::join, also));
            } catch (Throwable e) {
                attempt.committed().completeExceptionally(e);
            } finally {
                attempt.written().complete(null);
            }
        });
        inFlight.addLast(attempt);
        CompletableFuture.anyOf(attempt.written(), attempt.committed()).handle((r, e) -> null).join();
        reapCommitted();
        return counts;
    }

    /** Waits for every chunk in flight, books those that failed the plain way, and answers the import's counts. */
    ImportCounts finish() {
        awaitEnded();
        settleFailed();
        reapCommitted();
        return counts;
    }

    /** Waits for every chunk in flight to end, without booking again those that failed (the hub is stopping, the file failed). */
    void abandon() {
        awaitEnded();
        inFlight.clear();
        again.clear();
    }

    private void awaitEnded() {
        for (Attempt attempt : inFlight) {
            attempt.committed().handle((r, e) -> null).join();
        }
    }

    private void reapCommitted() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().committed().isDone()
                && !inFlight.peekFirst().committed().isCompletedExceptionally()) {
            counts = inFlight.pollFirst().committed().join();
        }
    }

    /**
     * When a chunk in flight failed: waits for all of them to end, keeps the counts of those that committed, and books
     * the others again one after another, the plain way.
     */
    private void settleFailed() {
        boolean failed = inFlight.stream().anyMatch(a -> a.committed().isCompletedExceptionally());
        if (failed || !again.isEmpty()) {
            awaitEnded();
            for (Attempt attempt : inFlight) {
                if (attempt.committed().isCompletedExceptionally()) {
                    if (again.isEmpty()) {
                        log.debug("Import {}: a chunk booked ahead was not booked ({}); it is booked again", source.importFileId(),
                                cause(attempt.committed()));
                    }
                    again.addLast(attempt.chunk());
                } else if (again.isEmpty()) {
                    counts = attempt.committed().join();
                }
            }
            inFlight.clear();
            while (!again.isEmpty()) {
                counts = pipeline.bookAgain(again.peekFirst(), source, counts, also);
                again.pollFirst();
            }
        }
    }

    private static String cause(CompletableFuture<?> failed) {
        try {
            failed.get();
            return "";
        } catch (ExecutionException | CompletionException e) {
            return String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
