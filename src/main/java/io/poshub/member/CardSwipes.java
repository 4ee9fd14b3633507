package io.poshub.member;

import io.poshub.cards.CardKind;
import io.poshub.cards.CardRanges;
import io.poshub.common.Conflict;
import io.poshub.common.InvalidField;
import io.poshub.mapping.MemberKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** A card swiped at the till (contract §11, {@code PUT /api/members/by-card/{card}}). */
@Service
public class CardSwipes {

    private final MemberService service;
    private final MemberLifecycle lifecycle;
    private final MemberRepository members;

    private final CardRanges ranges;

    public CardSwipes(MemberService service, MemberLifecycle lifecycle, MemberRepository members, CardRanges ranges) {
        this.ranges = ranges;
        this.service = service;
        this.lifecycle = lifecycle;
        this.members = members;
    }

    /** The fields a till may give with a swiped card. */
    public static final Set<String> SWIPE_FIELDS = Set.of("tier", "phone", "email", "firstName", "lastName");

    /** The member a swiped card identified, and whether it was created for it. */
    public record Identified(long id, boolean created) {
    }

    /**
     * The till swiped a card (Aura's "identify"): the merchant's member holding it — or the member a merged one was
     * merged into — with the given fields changed, or a new member holding that card at the given tier (else the
     * program's lowest). Concurrent swipes of one new card make one member: the database's unique card decides who
     * creates it, and the others find it (a fresh read, outside any transaction) and change it.
     */
    public Identified identify(String merchant, String rawCard, Map<String, Object> fields) {
        String card = MemberKeys.card(rawCard);
        if (card == null) {
            throw new InvalidField("card", "a card number is required");
        }
        ranges.check(merchant, CardKind.MEMBER, card);
        fields.keySet().stream().filter(f -> !SWIPE_FIELDS.contains(f)).findFirst().ifPresent(f -> {
            throw new InvalidField(f, "unknown field '" + f + "'; a swipe may give " + SWIPE_FIELDS);
        });
        Optional<Long> found = holder(merchant, card);
        if (found.isEmpty()) {
            try {
                long id = service.create(new MemberService.NewMember(merchant, null, card, string(fields, "phone"), string(fields, "email"),
                        string(fields, "firstName"), string(fields, "lastName"), string(fields, "tier")), "ZZ");
                return new Identified(id, true);
            } catch (Conflict raced) {
                found = holder(merchant, card);
                if (found.isEmpty()) {
                    throw raced;
                }
            }
        }
        lifecycle.change(found.get(), fields);
        return new Identified(found.get(), false);
    }

    private Optional<Long> holder(String merchant, String card) {
        return members.findByKey(merchant, MemberKey.CARD, card).stream().findFirst()
                .map(m -> "MERGED".equals(m.status()) ? members.survivor(m.id()).orElse(m.id()) : m.id());
    }

    private static String string(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? null : String.valueOf(value);
    }
}
