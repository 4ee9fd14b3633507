package io.poshub.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CardNumbersTest {

    @Test
    void tenThousandCardsAreUniqueAndUseNoLookAlikes() {
        CardNumbers cards = new CardNumbers();
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String card = cards.next();
            assertThat(card).matches("^[2-9A-HJ-NP-Z]{10}$");
            drawn.add(card);
        }
        assertThat(drawn).hasSize(10_000);
    }
}
