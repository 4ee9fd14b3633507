package io.poshub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Till calls spread over several hubs the way a till with a list of hub addresses sends them: call {@code i} goes to
 * hub {@code i mod n}; a refused connection, a timeout or a 5xx is sent again to the next hub with the same
 * Idempotency-Key (200 ms apart) until a hub answers 2xx or 4xx. Calls start at a steady rate so they span the
 * faults of a drill. Every attempt is kept with its time, to tell a 5xx of a dying node from one a till must never see.
 */
final class TillLoad {

    /** A till call: POST {@code path} with a JSON body under its own Idempotency-Key. */
    record Call(String path, String key, String body) {
    }

    /**
     * One try of a call: which hub, what it answered (-1: no answer — refused, reset or timed out), when, and for a
     * failed try what it said (the start of the body, or the exception).
     */
    record Attempt(int hub, int status, long startNanos, long endNanos, String detail) {
        boolean failed() {
            return status < 0 || status >= 500;
        }
    }

    /** How a call ended: the first 2xx or 4xx answer and every try it took. */
    record Outcome(Call call, int status, String body, List<Attempt> attempts) {
    }

    private final List<String> hubs;
    private final String tillKey;
    private final double perSecond;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private Thread dispatcher;

    TillLoad(List<String> hubs, String tillKey, double perSecond) {
        this.hubs = hubs;
        this.tillKey = tillKey;
        this.perSecond = perSecond;
    }

    /** Starts sending {@code calls} in the background, {@code perSecond} new calls a second. */
    void start(List<Call> calls) {
        dispatcher = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < calls.size(); i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                int first = i % hubs.size();
                Call call = calls.get(i);
                workers.submit(() -> outcomes.add(send(call, first)));
            }
        }, "till-load");
        dispatcher.start();
    }

    /** Waits until every call has ended; the outcomes, in the order they ended. */
    List<Outcome> await(int calls, Duration limit) throws Exception {
        Poll.until("the till load's " + calls + " calls ending", limit, Duration.ofMillis(100), () -> outcomes.size() == calls);
        dispatcher.join();
        workers.shutdown();
        return Collections.unmodifiableList(new ArrayList<>(outcomes));
    }

    /** Sends one call now, first to hub 0, and waits for its outcome. */
    Outcome call(Call call) {
        return send(call, 0);
    }

    private Outcome send(Call call, int first) {
        List<Attempt> attempts = new ArrayList<>();
        for (int n = 0; ; n++) {
            int hub = (first + n) % hubs.size();
            long start = System.nanoTime();
            int status = -1;
            String body = null;
            String detail = null;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hubs.get(hub) + call.path()))
                        .header("X-Api-Key", tillKey).header("Idempotency-Key", call.key())
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(call.body())).build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                body = response.body();
            } catch (IOException refusedOrTimedOut) {
                detail = refusedOrTimedOut.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(call, -1, null, attempts);
            }
            if (status >= 500) {
                detail = body.substring(0, Math.min(200, body.length()));
            }
            Attempt attempt = new Attempt(hub, status, start, System.nanoTime(), detail);
            attempts.add(attempt);
            if (!attempt.failed()) {
                return new Outcome(call, status, body, attempts);
            }
            if (n > 1500) {
                return new Outcome(call, status, body, attempts);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(call, status, body, attempts);
            }
        }
    }
}
