package io.poshub.format;

import java.io.InputStream;

/** A POS export layout the hub can read (contract §3): one Bindy model per record type behind it. */
public interface PosFormat {

    /** The name a mapping's {@code format} key uses. */
    String name();

    /**
     * Opens a file for reading; the header (where the layout has one) is checked here.
     *
     * @throws UnreadableFileException when the file is not of this layout at all
     */
    RowReader open(InputStream in, Mapping mapping) throws UnreadableFileException;
}
