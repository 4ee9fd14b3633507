package io.poshub.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.mapping.MemberKey;
import org.junit.jupiter.api.Test;

class MemberKeysTest {

    @Test
    void phonesBecomeE164InTheMappingsRegion() {
        assertThat(MemberKeys.phone("(514) 555-0142", "CA")).isEqualTo("+15145550142");
        assertThat(MemberKeys.phone("912 34 567", "NO")).isEqualTo("+4791234567");
        assertThat(MemberKeys.phone("+47 912 34 567", "CA")).isEqualTo("+4791234567");
        assertThat(MemberKeys.phone("not a phone", "NO")).isNull();
        assertThat(MemberKeys.phone("  ", "NO")).isNull();
        // Asked again (kept from the first parse), the answers are the same, and the region still counts.
        assertThat(MemberKeys.phone("912 34 567", "NO")).isEqualTo("+4791234567");
        assertThat(MemberKeys.phone("not a phone", "NO")).isNull();
        assertThat(MemberKeys.phone("912 34 567", "CA")).isNull();
    }

    @Test
    void cardsLoseSpacesAndDashesAndEmailsAreLowerCased() {
        assertThat(MemberKeys.card(" buqs-n9p2 np ")).isEqualTo("BUQSN9P2NP");
        assertThat(MemberKeys.email("  Zoe.Gagnon42@Example.ORG ")).isEqualTo("zoe.gagnon42@example.org");
        assertThat(MemberKeys.card("")).isNull();
        assertThat(MemberKeys.card("bUQS")).isEqualTo("BUQS");
        assertThat(MemberKeys.card(" - ")).isNull();
    }

    @Test
    void masksAllButTheLastFour() {
        assertThat(MemberKeys.mask("+4791234567")).isEqualTo("*******4567");
        assertThat(MemberKeys.mask("abc")).isEqualTo("abc");
    }

    @Test
    void aSaleWithOnlyBlankKeysHasNone() {
        assertThat(MemberKeys.of(" ", "", null, "  ", "CA").isEmpty()).isTrue();
        assertThat(MemberKeys.of(null, "+15145557385", null, null, "CA").get(MemberKey.PHONE)).isEqualTo("+15145557385");
    }
}
