package io.poshub.format;

/** A mapping file that is missing or says something poshub cannot act on; the message names the file and the key. */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
