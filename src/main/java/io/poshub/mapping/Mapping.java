package io.poshub.mapping;

import java.time.ZoneId;
import java.util.List;

/**
 * A {@code mappings/<name>.yaml} file, checked: which POS format it reads, whose members it matches,
 * how, and how sales earn points. {@code layout} is set for {@code format: generic} only.
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
        java.util.Set<String> mobilePaymentTenders) {

    /** What happens to a sale whose member keys match nobody (contract §4.4). */
    public enum UnknownMemberPolicy { REJECT, PARK, CREATE }
}
