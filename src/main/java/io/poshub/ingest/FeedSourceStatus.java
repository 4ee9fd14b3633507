package io.poshub.ingest;

import io.poshub.common.Causes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.remote.RemoteFileConsumer;
import org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The poll strategy of every feed source: remembers, per feed route, whether its last poll reached the
 * source and why not (an SFTP server down, a wrong path, a host key that changed), and says so once in the log
 * when it starts failing, when the reason changes and when it clears, rather than at every poll. Health and the
 * feeds API read it. It is the sources' exception handler too: Camel's own "Failed polling endpoint" WARN with a stack
 * trace at every poll goes to DEBUG (the line above has said it); anything else a source's consumer meets is a WARN
 * line with its causes, the stack trace at DEBUG. When an SFTP source starts failing (or fails anew) its session is
 * dropped, as Camel's own strategy for remote files does, so the next poll logs in afresh.
 */
@Component(FeedSourceStatus.BEAN)
public class FeedSourceStatus implements PollingConsumerPollStrategy, ExceptionHandler {

    static final String BEAN = "poshubPollStrategy";
    private static final Logger log = LoggerFactory.getLogger(FeedSourceStatus.class);
    private static final RemoteFilePollingConsumerPollStrategy REMOTE = new RemoteFilePollingConsumerPollStrategy();

    /** The last poll of one feed's source. */
    public record Poll(Instant at, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final Map<String, Poll> polls = new ConcurrentHashMap<>();
    /** Why feeds take no files now (a data folder low on space), or null. */
    private volatile String paused;

    public Optional<Poll> lastPoll(String routeId) {
        return Optional.ofNullable(polls.get(routeId));
    }

    /** Skips every feed's polls until {@link #resume()}: no file is taken while the hub has no room to keep it. */
    void pause(String why) {
        paused = why;
    }

    void resume() {
        paused = null;
    }

    /** Why the feeds take no files now, if they do not. */
    public Optional<String> paused() {
        return Optional.ofNullable(paused);
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return paused == null;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        Poll before = polls.put(routeId(consumer, endpoint), new Poll(Instant.now(), null));
        if (before != null && !before.ok()) {
            log.info("Feed route {}: source reachable again", routeId(consumer, endpoint));
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        String reason = Causes.messages(cause);
        Poll before = polls.put(routeId(consumer, endpoint), new Poll(Instant.now(), reason));
        boolean news = before == null || !reason.equals(before.error());
        if (news) {
            log.warn("Feed route {}: cannot poll its source: {}", routeId(consumer, endpoint), reason);
        }
        if (news && consumer instanceof RemoteFileConsumer<?>) {
            // What Camel's own strategy for SFTP does, and this one replaces: drop the session, so the next poll starts
            // from a new login in the home folder — a session left in another folder after a failure never recovered.
            // Once per new failure, not at every poll: a wrong path must not become a login every half second.
            try {
                return REMOTE.rollback(consumer, endpoint, retryCounter, cause);
            } catch (Exception e) {
                log.debug("Feed route {}: dropping the session failed", routeId(consumer, endpoint), e);
            }
        }
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String text = message == null ? "feed source error" : message;
        if (text.startsWith("Failed polling endpoint")) {
            log.debug(text, exception);
            return;
        }
        log.warn("{}: {}", text, Causes.messages(exception));
        log.debug(text, exception);
    }

    private static String routeId(Consumer consumer, Endpoint endpoint) {
        return consumer instanceof RouteIdAware aware && aware.getRouteId() != null ? aware.getRouteId() : endpoint.getEndpointKey();
    }

}
