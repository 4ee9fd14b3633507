package io.poshub.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.modulith.NamedInterface;

/**
 * One alert as the endpoint receives it (contract §13): {@code {type, feed?, merchant?, store?, date?, file?, message,
 * at}}; absent fields are left out.
 */
@NamedInterface("api")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(Type type, String feed, String merchant, String store, LocalDate date, String file, String message,
                    Instant at) {

    @NamedInterface("api")
    public enum Type { FEED_LATE, FEED_RESTORED, FILE_FAILED, DAY_MISMATCH, DAY_MISSING_SALES, DISK_LOW, DISK_RESTORED, CASH_OVER_SHORT }

    public static Alert ofFeed(Type type, String feed, LocalDate date, String message, Instant at) {
        return new Alert(type, feed, null, null, date, null, message, at);
    }

    public static Alert ofFile(String feed, String file, String message, Instant at) {
        return new Alert(Type.FILE_FAILED, feed, null, null, null, file, message, at);
    }

    public static Alert ofDay(Type type, String merchant, String store, LocalDate date, String message, Instant at) {
        return new Alert(type, null, merchant, store, date, null, message, at);
    }
}
