package io.poshub.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal in the domain's own terms: what kind of refusal it is, a title a person reads, a stable code when it has one
 * of its own, and the figures a client acts on. The web edge alone answers it, with the status its kind stands for;
 * the message is the detail, for the log and the import rows alike.
 */
public class DomainException extends RuntimeException {

    /** What went wrong, as the web edge answers it: 400, 404, 409, 422, 503, 507. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNREADABLE, UNAVAILABLE, NO_ROOM }

    private final Kind kind;
    private final String title;
    private final String code;
    private final Map<String, Object> details = new LinkedHashMap<>();

    public DomainException(Kind kind, String title, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.title = title;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    /** Its own stable code ({@code DISK_LOW}, …), or null for its kind's. */
    public String code() {
        return code;
    }

    /** Figures for the client beside the detail ({@code line}, …). */
    public Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }

    protected void detail(String name, Object value) {
        details.put(name, value);
    }
}
