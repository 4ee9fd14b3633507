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

    @Test
    void numbersWrittenWithSpacesOrDashesAreMaskedToo() {
        assertThat(LogMasking.mask("phone +47 912 34 567, card 4000-0000-0000-0002, card 4000 0000 0000 0002, tel 912-34-567"))
                .isEqualTo("phone *** *** *4 567, card ****-****-****-0002, card **** **** **** 0002, tel ***-*4-567");
    }

    /** An Instant as Jackson writes it (nanoseconds): its fraction is nine digits, and no card number. */
    @Test
    void aTimesNanosecondsStayReadableAndANumberBesideThemIsStillMasked() {
        String line = "{\"type\":\"FILE_FAILED\",\"at\":\"2026-12-06T13:28:01.123456665Z\"} took 1.123456789 s";
        assertThat(LogMasking.mask(line)).isEqualTo(line);
        assertThat(LogMasking.mask("at 2026-12-06T13:28:01.123456665Z card 4111111111111111"))
                .isEqualTo("at 2026-12-06T13:28:01.123456665Z card ************1111");
    }

    @Test
    void datesTimesAndCountsInGroupsStayReadable() {
        String line = "Started 2026-12-06 01:46:06.123 at 2026-11-02T10:00:00Z: 1000 rows, 57 rejected, store-001 till 2, +47 12";
        assertThat(LogMasking.mask(line)).isEqualTo(line);
    }
}
