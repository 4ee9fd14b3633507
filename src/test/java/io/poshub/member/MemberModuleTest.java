package io.poshub.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.HubModuleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

/**
 * The member module on its own (with what it uses): what it announces. A member created announces itself
 * ({@link MembersArrived}) so its parked sales book; a merge announces itself ({@link MembersMerged}) inside its
 * transaction, so sale moves what is its.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class MemberModuleTest extends HubModuleTest {

    @Autowired
    MemberService members;
    @Autowired
    MemberLifecycle lifecycle;

    @Test
    void aNewMemberIsAnnounced(Scenario scenario) {
        scenario.stimulate(() -> members.create(new MemberService.NewMember("demo", "MOD-1", "MODCARD001", null, null, null, null, null), "NO"))
                .andWaitForEventOfType(MembersArrived.class)
                .matching(arrived -> !arrived.many())
                .toArriveAndVerify((arrived, id) -> assertThat(arrived.memberIds()).containsExactly(id));
    }

    @Test
    void aMergeIsAnnouncedWithBothMembers(Scenario scenario) {
        long into = members.create(new MemberService.NewMember("demo", "MOD-2", "MODCARD002", null, null, null, null, null), "NO");
        long from = members.create(new MemberService.NewMember("demo", "MOD-3", "MODCARD003", null, null, null, null, null), "NO");
        scenario.stimulate(() -> lifecycle.merge(into, from))
                .andWaitForEventOfType(MembersMerged.class)
                .toArriveAndVerify(merged -> assertThat(merged).isEqualTo(new MembersMerged("demo", into, from)));
    }
}
