package io.poshub.dayclose;

import org.springframework.modulith.NamedInterface;

/** A Z-report file that cannot be taken as a whole: no usable header, or a register-day whose rows disagree. */
@NamedInterface("api")
public class ZReportFileException extends IllegalArgumentException {

    ZReportFileException(String message) {
        super(message);
    }
}
