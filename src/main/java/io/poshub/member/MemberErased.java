package io.poshub.member;

import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * Members were erased (contract §17): published inside the erasure's transaction, so every module that keeps a copy of
 * what identified them — parked sales' keys, rejected lines, archived files, payments' phones — blanks it in that
 * transaction, and the erasure commits whole or not at all. The values travel only in memory: a plain listener is called
 * where the event is published, and nothing of it is stored.
 *
 * @param memberIds the member erased and the members merged into it
 */
@NamedInterface("api")
public record MemberErased(String merchant, List<Long> memberIds, PersonalValues values) {

    public MemberErased {
        memberIds = List.copyOf(memberIds);
    }
}
