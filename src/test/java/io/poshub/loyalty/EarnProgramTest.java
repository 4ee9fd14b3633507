package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.loyalty.EarnProgram.SaleKind;
import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EarnProgramTest {

    private static final BigDecimal ONE = BigDecimal.ONE;

    @Test
    void saleEarnsTheFloorOfItsEligibleNet() {
        assertThat(EarnProgram.DEFAULT.points(SaleKind.SALE, new BigDecimal("74.50"), ONE)).isEqualTo(74);
        assertThat(EarnProgram.DEFAULT.points(SaleKind.SALE, new BigDecimal("199.79"), ONE)).isEqualTo(199);
    }

    @Test
    void returnTakesBackTheFloorOfItsAbsoluteNet() {
        assertThat(EarnProgram.DEFAULT.points(SaleKind.RETURN, new BigDecimal("-285.00"), ONE)).isEqualTo(-285);
        assertThat(EarnProgram.DEFAULT.points(SaleKind.RETURN, new BigDecimal("-10.99"), ONE)).isEqualTo(-10);
    }

    @Test
    void belowMinSpendEarnsNothingAndPointsPerUnitAndMultiplierScale() {
        EarnProgram program = new EarnProgram(new BigDecimal("2"), new BigDecimal("20"), Set.of(), Set.of(), EarnProgram.DEFAULT_TIERS);
        assertThat(program.points(SaleKind.SALE, new BigDecimal("19.99"), ONE)).isZero();
        assertThat(program.points(SaleKind.SALE, new BigDecimal("20.00"), ONE)).isEqualTo(40);
        assertThat(program.points(SaleKind.SALE, new BigDecimal("20.00"), new BigDecimal("1.25"))).isEqualTo(50);
    }

    @Test
    void excludedSkusAndCategoriesAreNamedExactly() {
        EarnProgram program = new EarnProgram(ONE, BigDecimal.ZERO, Set.of("SKU-1005"), Set.of("GIFTCARD"), EarnProgram.DEFAULT_TIERS);
        assertThat(program.excludes("SKU-1005", "APPAREL")).isTrue();
        assertThat(program.excludes("SKU-1001", "GIFTCARD")).isTrue();
        assertThat(program.excludes("SKU-1001", "APPAREL")).isFalse();
        assertThat(program.excludes(null, null)).isFalse();
    }
}
