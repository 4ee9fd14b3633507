package io.poshub.ingest;

/** The lifecycle of an {@code import_file} row (contract §4). */
public enum ImportStatus {
    RECEIVED, PROCESSING, DONE, DONE_WITH_REJECTS, FAILED, DUPLICATE_FILE
}
