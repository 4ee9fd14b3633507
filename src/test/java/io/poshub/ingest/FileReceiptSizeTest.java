package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.ops.LogMasking;
import org.junit.jupiter.api.Test;

/** The size a received file's log line gives reads as a size after the log's masking, however big the file. */
class FileReceiptSizeTest {

    @Test
    void aBigFilesSizeIsNotStarredOutAsIfItWereAPhoneNumber() {
        assertThat(LogMasking.mask("received bench.csv (" + FileReceipt.size(101_451_139) + ") as import 1"))
                .isEqualTo("received bench.csv (101.5 MB) as import 1");
        assertThat(LogMasking.mask("received s.csv (" + FileReceipt.size(9_999_999) + ")")).isEqualTo("received s.csv (9999999 bytes)");
        assertThat(LogMasking.mask("received s.csv (" + FileReceipt.size(2_140) + ")")).isEqualTo("received s.csv (2140 bytes)");
    }
}
