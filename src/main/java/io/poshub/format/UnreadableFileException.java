package io.poshub.format;

import io.poshub.common.DomainException;
import org.springframework.modulith.NamedInterface;

/**
 * The file as a whole cannot be read in its mapping's layout: it ends FAILED and moves to error/. Over HTTP (a
 * preview): 422 "File cannot be read".
 */
@NamedInterface("api")
public class UnreadableFileException extends DomainException {

    public UnreadableFileException(String message) {
        super(Kind.UNREADABLE, "File cannot be read", null, message, null);
    }
}
