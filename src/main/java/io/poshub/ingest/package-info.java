/**
 * Files in: the {@code pos-feed} route template and its steps (receive, de-duplicate, read, book, finish), feeds
 * from {@code routes/} kept live, file sources and their health, imports and their counts, uploads, previews and
 * reprocessing, and each feed's metrics and MBean.
 */
@ApplicationModule(displayName = "Ingest", allowedDependencies = {"sale", "format", "mapping", "csv", "web", "common"})
package io.poshub.ingest;

import org.springframework.modulith.ApplicationModule;
