/**
 * Files in: the {@code pos-feed} and {@code member-feed} route templates and their steps (receive, de-duplicate,
 * read, book or keep or load, finish), late feeds, feeds from {@code routes/} kept live, file sources and their health, imports and their
 * counts, uploads, previews and reprocessing, and each feed's metrics and MBean.
 */
@ApplicationModule(displayName = "Ingest", allowedDependencies = {"audit :: api", "sale :: api", "member :: api", "dayclose :: api", "alert :: api", "format :: api", "mapping :: api", "csv :: api", "web :: api", "db :: api", "common"})
package io.poshub.ingest;

import org.springframework.modulith.ApplicationModule;
