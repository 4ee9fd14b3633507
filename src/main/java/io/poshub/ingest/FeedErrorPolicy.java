package io.poshub.ingest;

import io.poshub.format.UnreadableFileException;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The one error policy of every feed. A file that cannot be read in its layout ends FAILED and moves to
 * error/. Anything else (database down, mapping missing) leaves the file in place and its import open;
 * the next poll resumes it, so nothing is lost. Row-level problems never get here: they are rejects.
 */
@Component
class FeedErrorPolicy extends RouteConfigurationBuilder {

    static final String ID = "poshub-feed-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(UnreadableFileException.class)
                    .handled(true)
                    .bean("poshubImportSteps", "markUnreadable")
                .end()
                .onException(Exception.class)
                    .handled(false)
                    .bean("poshubImportSteps", "noteRetry")
                .end();
    }
}
