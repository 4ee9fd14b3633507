package io.poshub.member;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Matches a sale to a member of the mapping's merchant (contract §6): the mapping's keys in order, the
 * first that hits exactly one ACTIVE member wins; a key that hits several makes the sale ambiguous.
 * A sale carrying none of the mapping's keys is anonymous.
 */
@Component
public class MemberMatcher {

    private final MemberRepository members;

    public MemberMatcher(MemberRepository members) {
        this.members = members;
    }

    public MemberMatch match(String merchant, List<MemberKey> order, MemberKeys keys) {
        boolean anyKey = false;
        for (MemberKey key : order) {
            String value = keys.get(key);
            if (value == null) {
                continue;
            }
            anyKey = true;
            List<Long> ids = members.activeIdsByKey(merchant, key, value);
            if (ids.size() == 1) {
                return new MemberMatch.Found(ids.get(0), key);
            }
            if (ids.size() > 1) {
                return new MemberMatch.Ambiguous(key);
            }
        }
        return anyKey ? new MemberMatch.Unknown() : new MemberMatch.NoKeys();
    }
}
