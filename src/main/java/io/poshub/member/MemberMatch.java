package io.poshub.member;

import io.poshub.mapping.MemberKey;
import org.springframework.modulith.NamedInterface;
/** The outcome of matching a sale's keys to members (contract §6). */
@NamedInterface("api")
public sealed interface MemberMatch {

    /** The sale names no member at all: anonymous. */
    @NamedInterface("api")
    record NoKeys() implements MemberMatch {
    }

    /** The first key that hit exactly one ACTIVE member. */
    @NamedInterface("api")
    record Found(long memberId, MemberKey by) implements MemberMatch {
    }

    /** A key hit several members: the sale is rejected with this reason. */
    @NamedInterface("api")
    record Ambiguous(MemberKey by) implements MemberMatch {
        public String reason() {
            return "ambiguous member: " + by.yamlName() + " matches several members";
        }
    }

    /** Keys given, none matched: the mapping's unknown-member policy decides. */
    record Unknown() implements MemberMatch {
    }
}
