package io.poshub.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A hub told to stop (SIGTERM, a rolling upgrade, a drained node) finishes the chunk it is booking and books no
 * further one (contract §20): the chunk commits whole, the file stays where it is with its import open, Camel stops the
 * feed and gives its leadership up, and the next leader resumes the file where the chunk left it — as after a crash,
 * but without waiting for a lease to run out. Told as the application context starts to close, before Camel and the web
 * server are stopped.
 */
@Component
class HubStopping {

    private static final Logger log = LoggerFactory.getLogger(HubStopping.class);

    private volatile boolean stopping;

    @EventListener
    void closing(ContextClosedEvent event) {
        if (!stopping) {
            stopping = true;
            log.info("The hub is stopping: each feed finishes the chunk it is booking and leaves the rest of its file to the next leader");
        }
    }

    /**
     * @param what the file and import that would go on, for the log
     * @throws Stopped when the hub is stopping: the step that asks books nothing more
     */
    void goOn(String what) {
        if (stopping) {
            log.info("{} stopped between two chunks as the hub stops; the next leader resumes it", what);
            throw new Stopped();
        }
    }

    /** The hub stopped a file between two chunks; its import stays open for the next leader. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("the hub is stopping: the rest of the file is left to the next leader", null, false, false);
        }
    }
}
