package io.poshub.mapping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A mapping file as written; field names are the keys an admin types. */
record MappingFile(
        String format,
        String merchant,
        String currency,
        String timezone,
        String phoneRegion,
        List<String> match,
        String unknownMember,
        Earn earn,
        Loyalty loyalty,
        Csv csv,
        Map<String, String> columns,
        Patterns formats,
        Amounts amounts,
        Returns returns,
        List<String> carryDown,
        List<String> mobilePaymentTenders,
        List<String> giftCardTenders,
        List<String> pointsTenders,
        List<String> voucherTenders,
        BigDecimal pointValue,
        GiftCardItemsFile giftCardItems,
        Boolean giftCardsEarn,
        String cashier,
        String discount,
        List<String> cashTenders,
        List<String> cardTenders,
        Map<String, String> accounts) {

    record GiftCardItemsFile(List<String> skus, String numberField) {
    }

    record Csv(String separator, String quote, String charset, Boolean header) {
    }

    record Patterns(String date, String time, String dateTime) {
    }

    record Amounts(String decimalSeparator, List<String> thousandsSeparators, List<String> currencySymbols,
                   String negative, Boolean minorUnits) {
    }

    record Returns(String column, List<String> values) {
    }

    record Earn(BigDecimal pointsPerUnit, BigDecimal minSpend, List<String> excludedSkus, List<String> excludedCategories,
                List<TierFile> tiers) {
    }

    record Loyalty(Integer pendingDays, String expiry, String matureOn) {
    }

    record TierFile(String name, BigDecimal multiplier, Long from) {
    }
}
