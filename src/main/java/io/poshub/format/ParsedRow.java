package io.poshub.format;

import org.springframework.modulith.NamedInterface;

/**
 * A data row as read from a file: where it was, its raw text, the key of the ticket it belongs to, and
 * either the row or why it could not be read. {@code ticketKey} is known even for a bad row whenever its
 * identity columns could be split out, so the whole ticket can be rejected with it.
 */
@NamedInterface("api")
public record ParsedRow(int lineNo, String raw, String ticketKey, PosRow row, String error) {

    public boolean ok() {
        return error == null;
    }
}
