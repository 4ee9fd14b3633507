package io.poshub.csv;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.modulith.NamedInterface;

/** A file's content that can be read more than once (a layout with a trailer is checked before it is read). */
@NamedInterface("api")
@FunctionalInterface
public interface ByteSource {

    InputStream open() throws IOException;
}
