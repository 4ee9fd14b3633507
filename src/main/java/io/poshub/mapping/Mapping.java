package io.poshub.mapping;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A {@code mappings/<name>.yaml} file, checked: which POS format it reads, whose members it matches,
 * how, and how sales earn points; which tender codes are mobile payments and which gift cards. {@code layout} is set
 * for {@code format: generic} only.
 */
public record Mapping(
        String name,
        String format,
        String merchant,
        String currency,
        ZoneId timezone,
        String phoneRegion,
        List<MemberKey> match,
        UnknownMemberPolicy unknownMember,
        EarnRules earn,
        GenericLayout layout,
        Set<String> mobilePaymentTenders,
        Set<String> giftCardTenders) {

    /** What happens to a sale whose member keys match nobody (contract §4.4). */
    public enum UnknownMemberPolicy { REJECT, PARK, CREATE }
}
