package io.poshub.format;

import java.io.Closeable;
import java.io.IOException;
import org.springframework.modulith.NamedInterface;

/** Reads a file's data rows in order, one at a time, so memory does not grow with the file. */
@NamedInterface("api")
public interface RowReader extends Closeable {

    /** The next row, or null at the end of the file. */
    ParsedRow next() throws IOException;
}
