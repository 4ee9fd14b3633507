package io.poshub.sale;

/** A rejected row: its file line, why, and its raw text. Becomes an {@code import_reject} row. */
public record Reject(int lineNo, String reason, String raw) {
}
