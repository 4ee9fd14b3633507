package io.poshub.member;

import io.poshub.mapping.MemberKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Matches sales to members of the mapping's merchant (contract §6): the mapping's keys in order, the
 * first that hits exactly one ACTIVE member wins; a key that hits several makes the sale ambiguous.
 * A sale carrying none of the mapping's keys is anonymous. A chunk of sales is matched with one query per
 * key, read fresh in the caller's transaction — no cache to go stale.
 */
@NamedInterface("api")
@Component
public class MemberMatcher {

    private final MemberRepository members;

    public MemberMatcher(MemberRepository members) {
        this.members = members;
    }

    public MemberMatch match(String merchant, List<MemberKey> order, MemberKeys keys) {
        return matchAll(merchant, order, List.of(keys)).get(0);
    }

    /** The match of each sale's keys, in the order given. */
    public List<MemberMatch> matchAll(String merchant, List<MemberKey> order, List<MemberKeys> sales) {
        MemberMatch[] matches = new MemberMatch[sales.size()];
        boolean[] anyKey = new boolean[sales.size()];
        for (MemberKey key : order) {
            Set<String> values = new HashSet<>();
            // A key is read only for a sale no earlier key matched: a phone is parsed for the sales their card does not find.
            for (int i = 0; i < sales.size(); i++) {
                String value = matches[i] == null ? sales.get(i).get(key) : null;
                if (value != null) {
                    values.add(value);
                    anyKey[i] = true;
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            Map<String, List<Long>> hits = members.activeIdsByKey(merchant, key, values);
            for (int i = 0; i < sales.size(); i++) {
                String value = matches[i] == null ? sales.get(i).get(key) : null;
                List<Long> ids = value != null ? hits.get(value) : null;
                if (ids == null) {
                    continue;
                }
                matches[i] = ids.size() == 1 ? new MemberMatch.Found(ids.get(0), key) : new MemberMatch.Ambiguous(key);
            }
        }
        List<MemberMatch> result = new ArrayList<>(Arrays.asList(matches));
        for (int i = 0; i < result.size(); i++) {
            if (result.get(i) == null) {
                result.set(i, anyKey[i] ? new MemberMatch.Unknown() : new MemberMatch.NoKeys());
            }
        }
        return result;
    }
}
