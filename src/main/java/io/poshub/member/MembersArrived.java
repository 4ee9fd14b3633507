package io.poshub.member;

import java.util.List;

/**
 * Members were created or imported (published inside their transaction; listeners that must see them act after
 * commit): sales parked for their keys can book now.
 */
public record MembersArrived(List<Long> memberIds) {

    public MembersArrived {
        memberIds = List.copyOf(memberIds);
    }
}
