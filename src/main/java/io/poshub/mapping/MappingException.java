package io.poshub.mapping;

import io.poshub.common.DomainException;
import org.springframework.modulith.NamedInterface;

/**
 * A mapping file that is missing or says something poshub cannot act on; the message names the file and the key.
 * Over HTTP: 409 "Mapping not usable", with the {@code line} when known.
 */
@NamedInterface("api")
public class MappingException extends DomainException {

    /** The line of the mapping file the problem is at (1-based), when known. */
    private final Integer line;

    public MappingException(String message) {
        this(message, (Integer) null);
    }

    public MappingException(String message, Integer line) {
        super(Kind.CONFLICT, "Mapping not usable", null, message, null);
        this.line = line;
        if (line != null) {
            detail("line", line);
        }
    }

    public MappingException(String message, Throwable cause) {
        super(Kind.CONFLICT, "Mapping not usable", null, message, cause);
        this.line = null;
    }

    public Integer line() {
        return line;
    }
}
