package io.poshub.sale;

import org.springframework.modulith.NamedInterface;

/** A rejected row: its file line, why, and its raw text. Becomes an {@code import_reject} row. */
@NamedInterface("api")
public record Reject(int lineNo, String reason, String raw) {
}
