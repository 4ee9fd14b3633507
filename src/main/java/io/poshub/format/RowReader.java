package io.poshub.format;

import java.io.Closeable;
import java.io.IOException;

/** Reads a file's data rows in order, one at a time, so memory does not grow with the file. */
public interface RowReader extends Closeable {

    /** The next row, or null at the end of the file. */
    ParsedRow next() throws IOException;
}
