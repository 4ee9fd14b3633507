package io.poshub.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes read of a file, for the import's progress: each time the file is opened again (a layout that reads
 * it twice, as NCR's trailer check does) the count starts over.
 */
final class ReadProgress {

    private final AtomicLong bytes = new AtomicLong();

    long bytes() {
        return bytes.get();
    }

    InputStream counting(InputStream in) {
        bytes.set(0);
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                bytes.addAndGet(skipped);
                return skipped;
            }
        };
    }
}
