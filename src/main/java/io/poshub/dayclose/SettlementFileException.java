package io.poshub.dayclose;

import org.springframework.modulith.NamedInterface;

/** A terminal settlement file that cannot be taken at all: its header is not the layout's. */
@NamedInterface("api")
public class SettlementFileException extends IllegalArgumentException {

    SettlementFileException(String message) {
        super(message);
    }
}
