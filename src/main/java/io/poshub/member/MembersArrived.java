package io.poshub.member;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * Members of a merchant were created, imported, changed, reactivated or merged (published inside their transaction;
 * listeners that must see them act after commit, and the event publication registry keeps it until they did): sales
 * parked for their keys can book now. An import names no
 * ids — any member of the merchant may be the one a parked sale waits for.
 */
@NamedInterface("api")
public record MembersArrived(String merchant, List<Long> memberIds) {

    public MembersArrived {
        memberIds = memberIds == null ? null : List.copyOf(memberIds);
    }

    public static MembersArrived of(String merchant, long memberId) {
        return new MembersArrived(merchant, List.of(memberId));
    }

    /** Many members at once: whatever the merchant's parked sales now match. */
    public static MembersArrived manyOf(String merchant) {
        return new MembersArrived(merchant, null);
    }

    @JsonIgnore
    public boolean many() {
        return memberIds == null;
    }
}
