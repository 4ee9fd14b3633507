package io.poshub.sale;

import io.poshub.mapping.Mapping;
import io.poshub.mapping.MemberKey;
import io.poshub.member.MemberKeys;
import io.poshub.member.MemberMatch;
import io.poshub.member.MemberMatcher;
import io.poshub.member.MemberService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Decides each new sale's fate from its member match and the mapping's unknown-member policy (contract §4.4):
 * booked to the member found, anonymous without keys, rejected when ambiguous — and for keys that match nobody,
 * parked, rejected or booked to a member created for it.
 */
@Component
class MemberResolution {

    /** The fate of one sale: the member it books to (BOOKED), or why it is rejected (REJECTED). */
    record Resolved(SaleDraft draft, MemberKeys keys, Fate fate, Long memberId, String reason) {
    }

    private final MemberMatcher matcher;
    private final MemberService members;

    MemberResolution(MemberMatcher matcher, MemberService members) {
        this.matcher = matcher;
        this.members = members;
    }

    /** Makes the member a sale under {@code unknownMember: create} books to, and answers its id. */
    interface Creator {
        long create(String merchant, MemberKeys keys);
    }

    /** The fates of the sales, in their order; all of a chunk's members are matched with one query per key. */
    List<Resolved> resolve(List<SaleDraft> sales, Mapping mapping) {
        return resolve(sales, mapping, members::createFromSale, new HashMap<>());
    }

    /**
     * {@link #resolve(List, Mapping)} with the members to create made by {@code creator}, and those made so far (by
     * their keys) in {@code createdByKey}: a forecast stands them in without writing, and carries them from chunk to chunk.
     */
    List<Resolved> resolve(List<SaleDraft> sales, Mapping mapping, Creator creator, Map<String, Long> createdByKey) {
        List<MemberKeys> keys = sales.stream().map(s -> s.keys(mapping)).toList();
        List<MemberMatch> matches = matcher.matchAll(mapping.merchant(), mapping.match(), keys);
        List<Resolved> resolved = new ArrayList<>(sales.size());
        for (int i = 0; i < sales.size(); i++) {
            SaleDraft sale = sales.get(i);
            MemberKeys k = keys.get(i);
            MemberMatch match = matches.get(i);
            if (match instanceof MemberMatch.Ambiguous ambiguous) {
                resolved.add(new Resolved(sale, k, Fate.REJECTED, null, ambiguous.reason()));
            } else if (match instanceof MemberMatch.Found found) {
                resolved.add(new Resolved(sale, k, Fate.BOOKED, found.memberId(), null));
            } else if (match instanceof MemberMatch.NoKeys) {
                resolved.add(new Resolved(sale, k, Fate.ANONYMOUS, null, null));
            } else {
                resolved.add(unknown(sale, k, mapping, creator, createdByKey));
            }
        }
        return resolved;
    }

    private Resolved unknown(SaleDraft sale, MemberKeys keys, Mapping mapping, Creator creator, Map<String, Long> createdByKey) {
        return switch (mapping.unknownMember()) {
            case CREATE -> new Resolved(sale, keys, Fate.BOOKED, created(keys, mapping, creator, createdByKey), null);
            case REJECT -> new Resolved(sale, keys, Fate.REJECTED, null, "unknown member: no member matches the sale's "
                    + String.join(", ", mapping.match().stream().map(MemberKey::yamlName).toList()));
            case PARK -> new Resolved(sale, keys, Fate.PARKED, null, null);
        };
    }

    /** A member this chunk created for an earlier sale with one of the same keys (the next sale matches it too), or a new one. */
    private Long created(MemberKeys keys, Mapping mapping, Creator creator, Map<String, Long> createdByKey) {
        for (MemberKey key : mapping.match()) {
            Long id = keys.get(key) == null ? null : createdByKey.get(key + ":" + keys.get(key));
            if (id != null) {
                return id;
            }
        }
        long id = creator.create(mapping.merchant(), keys);
        for (MemberKey key : mapping.match()) {
            if (keys.get(key) != null) {
                createdByKey.putIfAbsent(key + ":" + keys.get(key), id);
            }
        }
        return id;
    }
}
