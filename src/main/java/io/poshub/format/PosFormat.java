package io.poshub.format;

import io.poshub.csv.ByteSource;
import io.poshub.mapping.Mapping;
import org.springframework.modulith.NamedInterface;
/** A POS export layout the hub can read (contract §3): one Bindy model per record type behind it. */
@NamedInterface("api")
public interface PosFormat {

    /** The name a mapping's {@code format} key uses. */
    String name();

    /**
     * Opens a file for reading; the header or trailer (where the layout has one) is checked here, before
     * any row is handed out.
     *
     * @throws UnreadableFileException when the file is not of this layout at all
     */
    RowReader open(ByteSource content, Mapping mapping) throws UnreadableFileException;
}
