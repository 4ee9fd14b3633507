package io.poshub.format;

/** The file as a whole cannot be read in its mapping's layout: it ends FAILED and moves to error/. */
public class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(String message) {
        super(message);
    }
}
