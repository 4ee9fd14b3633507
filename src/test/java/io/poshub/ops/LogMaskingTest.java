package io.poshub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogMaskingTest {

    @Test
    void emailsPhonesAndCardsKeepOnlyTheirLastFourCharacters() {
        assertThat(LogMasking.mask("card BUQSN9P2NP, phone +15145557385, msisdn 4791234567, mail zoe.gagnon42@example.org"))
                .isEqualTo("card ******P2NP, phone ********7385, msisdn ******4567, mail ********************.org");
    }

    @Test
    void datesAmountsWordsAndIdsStayReadable() {
        String line = "Feed store-001: import 12 DONE_WITH_REJECTS: rows 57 (2 rejected), ticket 1001 of 2026-11-02, net 74.50";
        assertThat(LogMasking.mask(line)).isEqualTo(line);
    }
}
