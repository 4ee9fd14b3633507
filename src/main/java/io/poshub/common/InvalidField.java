package io.poshub.common;

/**
 * A request's field that cannot be used as given: which field, and why. Answered as a 400 problem whose
 * {@code errors} name it ({@code [{field, message}]}), so a till's program can point at the field.
 */
public class InvalidField extends IllegalArgumentException {

    private final String field;

    public InvalidField(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
