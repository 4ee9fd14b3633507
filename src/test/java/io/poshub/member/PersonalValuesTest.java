package io.poshub.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** How an erased member's values are found in what the hub kept, however a till or a person wrote them, and blanked. */
class PersonalValuesTest {

    private final PersonalValues kari = new PersonalValues(Set.of("ERZ9K4Q7M2"), Set.of("+4791234567"),
            Set.of("kari.n@example.org"), Set.of("C77001"), Set.of("Kari", "Nordmann"));

    @Test
    void eachKeyIsFoundAsItMayBeWritten() {
        for (String written : new String[] {"ERZ9K4Q7M2", "erz9 k4q7 m2", "ERZ9-K4Q7-M2", "+4791234567", "+47 912 34 567",
                "0047 91 23 45 67", "912 34 567", "(+47) 912.34.567", "91234567", "KARI.N@EXAMPLE.ORG", "C77001"}) {
            assertThat(kari.foundIn("001,1,42," + written + ",20.00")).as(written).isTrue();
        }
    }

    @Test
    void anotherCustomersValuesAreNotTheMembers() {
        for (String written : new String[] {"ERZ9K4Q7M3", "XERZ9K4Q7M2", "+4791234568", "491234567", "912345670",
                "kari.m@example.org", "C770012", "Kari Nordmann"}) {
            assertThat(kari.foundIn("001,1,42," + written + ",20.00")).as(written).isFalse();
        }
    }

    @Test
    void aLineNamingTheMemberKeepsItsOtherFieldsAndLosesEveryPersonalOne() {
        assertThat(kari.redactFields("001,1,42,2026-11-02,C77001,\"erz9 k4q7 m2\",KARI.N@example.org,912 34 567,Kari,Nordmann,Wool sweater,20.00"))
                .isEqualTo("001,1,42,2026-11-02,,\"\",,,,,Wool sweater,20.00");
        assertThat(kari.redactFields("001\t1\t42\t+47 912 34 567\tKari\t20.00")).isEqualTo("001\t1\t42\t\t\t20.00");
        // A name alone says too little: another Kari's line stays as it was.
        assertThat(kari.redactFields("001,1,43,OTHERCARD,Kari,Nordmann,20.00")).isEqualTo("001,1,43,OTHERCARD,Kari,Nordmann,20.00");
    }

    @Test
    void freeTextLosesTheKeysAndKeepsTheRest() {
        assertThat(kari.redactText("line 1: the header is not … (found 001,C77001,ERZ9K4Q7M2,+4791234567,x)"))
                .isEqualTo("line 1: the header is not … (found 001,[erased],[erased],[erased],x)");
        assertThat(kari.squeezedPattern()).isNotNull();
        assertThat(PersonalValues.squeeze("(+47) 912.34-567 / ERZ9")).isEqualTo("+4791234567erz9");
    }
}
