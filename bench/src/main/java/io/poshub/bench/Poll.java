package io.poshub.bench;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a probe until it answers (non-null, or true), at most {@code limit}; the one wait of the bench and drills. */
final class Poll {

    private Poll() {
    }

    /** The probe's first non-null answer; fails naming {@code what} when the limit passes. */
    static <T> T until(String what, Duration limit, Duration every, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            T answer = probe.call();
            if (answer != null && !Boolean.FALSE.equals(answer)) {
                return answer;
            }
            Thread.sleep(every.toMillis());
        }
        throw new IllegalStateException(what + " did not happen within " + limit);
    }
}
