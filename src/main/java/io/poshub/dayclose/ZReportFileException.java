package io.poshub.dayclose;

/** A Z-report file that cannot be taken as a whole: no usable header, or a register-day whose rows disagree. */
public class ZReportFileException extends IllegalArgumentException {

    ZReportFileException(String message) {
        super(message);
    }
}
