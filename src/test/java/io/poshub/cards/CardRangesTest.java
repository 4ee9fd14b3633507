package io.poshub.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Card ranges as the configuration gives them (contract §19): what is in, what overlaps, what is drawn. */
class CardRangesTest {

    @Configuration
    @EnableConfigurationProperties(CardRangesProperties.class)
    @Import(CardRanges.class)
    static class Ranges {
    }

    private final ApplicationContextRunner hub = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
            .withUserConfiguration(Ranges.class);

    @Test
    void overlappingRangesStopTheStartNamingBoth() {
        hub.withPropertyValues("poshub.cards.ranges[0].merchant=demo", "poshub.cards.ranges[0].kind=GIFT",
                        "poshub.cards.ranges[0].from=7000000000000000", "poshub.cards.ranges[0].to=7000099999999999",
                        "poshub.cards.ranges[1].merchant=demo", "poshub.cards.ranges[1].kind=GIFT", "poshub.cards.ranges[1].prefix=700005")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure())).isEqualTo("poshub.cards.ranges[0] (demo, GIFT, "
                            + "7000000000000000–7000099999999999) overlaps poshub.cards.ranges[1] (demo, GIFT, prefix 700005): a card "
                            + "number would belong to both; make them disjoint");
                });
        // Another merchant's range, or a prefix past the span's numbers, is no overlap.
        hub.withPropertyValues("poshub.cards.ranges[0].merchant=demo", "poshub.cards.ranges[0].kind=GIFT",
                        "poshub.cards.ranges[0].from=7000000000000000", "poshub.cards.ranges[0].to=7000099999999999",
                        "poshub.cards.ranges[1].merchant=other", "poshub.cards.ranges[1].kind=GIFT", "poshub.cards.ranges[1].prefix=700005",
                        "poshub.cards.ranges[2].merchant=demo", "poshub.cards.ranges[2].kind=GIFT", "poshub.cards.ranges[2].prefix=700010")
                .run(context -> assertThat(context).hasNotFailed());
        hub.withPropertyValues("poshub.cards.ranges[0].merchant=demo", "poshub.cards.ranges[0].kind=MEMBER",
                        "poshub.cards.ranges[0].prefix=PA", "poshub.cards.ranges[1].merchant=demo", "poshub.cards.ranges[1].kind=MEMBER",
                        "poshub.cards.ranges[1].prefix=PAX")
                .run(context -> assertThat(rootMessage(context.getStartupFailure())).contains("overlaps"));
        hub.withPropertyValues("poshub.cards.ranges[0].merchant=demo", "poshub.cards.ranges[0].kind=GIFT",
                        "poshub.cards.ranges[0].from=7999", "poshub.cards.ranges[0].to=70001")
                .run(context -> assertThat(rootMessage(context.getStartupFailure()))
                        .startsWith("poshub.cards.ranges[0]: from and to must be numbers of the same length"));
    }

    @Test
    void aNumberIsInItsRangeAndNewCardsAreDrawnFromTheFirst() {
        CardRanges ranges = new CardRanges(new CardRangesProperties(List.of(
                new CardRangesProperties.Range("demo", CardKind.MEMBER, null, "5000000000", "5000000099", null, null),
                new CardRangesProperties.Range("demo", CardKind.MEMBER, "PB", null, null, null, "gold"),
                new CardRangesProperties.Range("demo", CardKind.GIFT, "7", null, null, null, null))));
        assertThat(ranges.whyOutOfRange("demo", CardKind.MEMBER, "5000000042")).isNull();
        assertThat(ranges.whyOutOfRange("demo", CardKind.MEMBER, "5000000100"))
                .isEqualTo("CARD_OUT_OF_RANGE: member card …0100 is outside merchant demo's MEMBER card ranges");
        assertThat(ranges.whyOutOfRange("demo", CardKind.MEMBER, "500000004")).isNotNull();
        assertThat(ranges.whyOutOfRange("demo", CardKind.GIFT, "8000000000000001")).isNotNull();
        assertThat(ranges.whyOutOfRange("other", CardKind.GIFT, "8000000000000001")).as("no ranges: any number").isNull();
        assertThat(ranges.programOf("demo", "PB12345678")).contains("gold");
        assertThat(ranges.programOf("demo", "5000000042")).isEmpty();
        for (int i = 0; i < 200; i++) {
            String drawn = ranges.drawMemberCard("demo").orElseThrow();
            assertThat(drawn).hasSize(10);
            assertThat(ranges.whyOutOfRange("demo", CardKind.MEMBER, drawn)).isNull();
        }
        assertThat(ranges.drawMemberCard("other")).isEmpty();
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
