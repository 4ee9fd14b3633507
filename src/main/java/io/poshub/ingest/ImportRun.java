package io.poshub.ingest;

import io.poshub.mapping.Mapping;

/** One attempt at one file, carried through the feed route as an exchange property. */
final class ImportRun {

    static final String PROPERTY = "poshubImportRun";

    final long importFileId;
    final String feed;
    final String mappingName;
    final String fileKey;
    Mapping mapping;
    ImportCounts counts = ImportCounts.ZERO;
    final ReadProgress progress = new ReadProgress();

    ImportRun(long importFileId, String feed, String mappingName, String fileKey) {
        this.importFileId = importFileId;
        this.feed = feed;
        this.mappingName = mappingName;
        this.fileKey = fileKey;
    }
}
