package io.callcenter.crm.access;

import io.callcenter.crm.agents.Role;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The access rules as a table: role x resource x action. */
class AccessPolicyTest {

    private final AccessPolicy access = new AccessPolicy();

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    private static final long CONTACT = 7;

    /** alice's answered call with a contact, bob's, bob's internal call (no contact), one that rang alice last unanswered. */
    private static final Call ALICES = call("alice", null, CONTACT);
    private static final Call BOBS = call("bob", null, CONTACT);
    private static final Call BOBS_INTERNAL = call("bob", null, null);
    private static final Call RANG_ALICE = call(null, "alice", null);

    private static Viewer viewer(String spec) {
        String[] parts = spec.split(":");
        return Viewer.of(parts[0], java.util.Arrays.stream(parts[1].split("\\+")).map(Role::valueOf).toArray(Role[]::new));
    }

    @ParameterizedTest(name = "{0} sees alice''s {1}, bob''s {2}, bob''s internal {3}, rang-alice {4}")
    @CsvSource({
            "alice:AGENT,                  true,  true,  false, true",
            "bob:AGENT,                    true,  true,  true,  false",
            "sam:SUPERVISOR,               true,  true,  true,  true",
            "mia:MANAGER,                  true,  true,  true,  true",
            "admin:ADMIN,                  false, false, false, false",
            "root:ADMIN+SUPERVISOR,        true,  true,  true,  true"})
    void whoSeesWhichCall(String who, boolean alices, boolean bobs, boolean bobsInternal, boolean rangAlice) {
        Viewer v = viewer(who);
        assertThat(List.of(access.maySee(v, ALICES), access.maySee(v, BOBS), access.maySee(v, BOBS_INTERNAL),
                access.maySee(v, RANG_ALICE))).containsExactly(alices, bobs, bobsInternal, rangAlice);
    }

    @ParameterizedTest(name = "{0} wraps up alice''s {1}, bob''s {2}; hears alice''s recording {3}, bob''s {4}")
    @CsvSource({
            "alice:AGENT,           true,  false, true,  false",
            "bob:AGENT,             false, true,  false, true",
            "sam:SUPERVISOR,        true,  true,  true,  true",
            "mia:MANAGER,           false, false, true,  true",
            "admin:ADMIN,           false, false, false, false"})
    void whoWrapsUpAndWhoHears(String who, boolean wrapAlices, boolean wrapBobs, boolean hearAlices, boolean hearBobs) {
        Viewer v = viewer(who);
        assertThat(List.of(access.mayWrapUp(v, ALICES), access.mayWrapUp(v, BOBS), access.mayHearRecordingOf(v, ALICES),
                access.mayHearRecordingOf(v, BOBS))).containsExactly(wrapAlices, wrapBobs, hearAlices, hearBobs);
    }

    @Test
    void anAgentsCallListIsNarrowedToTheirOwnAndAnotherAgentsIsRefused() {
        Viewer alice = viewer("alice:AGENT");

        assertThat(access.calls(alice, CallFilter.all())).isEqualTo(new Decision.Allowed<>(CallFilter.all().withAgent("alice")));
        assertThat(access.calls(alice, CallFilter.all().withAgent("alice")))
                .isEqualTo(new Decision.Allowed<>(CallFilter.all().withAgent("alice")));
        assertThat(access.calls(alice, CallFilter.all().withAgent("bob"))).isInstanceOf(Decision.Refused.class);
    }

    @Test
    void aContactsHistoryIsWholeForEveryoneWhoWorksWithContacts() {
        CallFilter history = new CallFilter(CONTACT, null, null, null, null, null);

        assertThat(access.calls(viewer("alice:AGENT"), history)).isEqualTo(new Decision.Allowed<>(history));
        assertThat(access.calls(viewer("mia:MANAGER"), history)).isEqualTo(new Decision.Allowed<>(history));
        assertThat(access.calls(viewer("admin:ADMIN"), history)).isInstanceOf(Decision.Refused.class);
        assertThat(access.tasks(viewer("alice:AGENT"), new TaskFilter(null, CONTACT, null)))
                .isEqualTo(new Decision.Allowed<>(new TaskFilter(null, CONTACT, null)));
    }

    @Test
    void supervisorsAndManagersListEveryonesCallsAndTasksAsAsked() {
        CallFilter bobs = CallFilter.all().withAgent("bob");
        assertThat(access.calls(viewer("sam:SUPERVISOR"), bobs)).isEqualTo(new Decision.Allowed<>(bobs));
        assertThat(access.calls(viewer("mia:MANAGER"), CallFilter.all())).isEqualTo(new Decision.Allowed<>(CallFilter.all()));
        assertThat(access.tasks(viewer("sam:SUPERVISOR"), new TaskFilter(null, null, null)))
                .isEqualTo(new Decision.Allowed<>(new TaskFilter(null, null, null)));
    }

    @Test
    void anAgentsTaskListIsTheirOwn() {
        Viewer alice = viewer("alice:AGENT");

        assertThat(access.tasks(alice, new TaskFilter(null, null, Task.TaskStatus.OPEN)))
                .isEqualTo(new Decision.Allowed<>(new TaskFilter("alice", null, Task.TaskStatus.OPEN)));
        assertThat(access.tasks(alice, new TaskFilter("bob", null, null))).isInstanceOf(Decision.Refused.class);
        assertThat(access.tasks(viewer("admin:ADMIN"), new TaskFilter(null, null, null))).isInstanceOf(Decision.Refused.class);
    }

    @ParameterizedTest(name = "{0} changes alice''s task {1}, an unassigned one {2}; assigns to self {3}, to bob {4}")
    @CsvSource({
            "alice:AGENT,      true,  false, true,  false",
            "sam:SUPERVISOR,   true,  true,  true,  true",
            "mia:MANAGER,      false, false, true,  false",
            "admin:ADMIN,      false, false, false, false"})
    void whoChangesAndAssignsTasks(String who, boolean alicesTask, boolean unassigned, boolean toSelf, boolean toBob) {
        Viewer v = viewer(who);
        Task alices = task("alice");
        Task nobodys = task(null);
        assertThat(List.of(access.mayChange(v, alices), access.mayChange(v, nobodys), access.mayAssignTo(v, v.username()),
                access.mayAssignTo(v, "bob"))).containsExactly(alicesTask, unassigned, toSelf, toBob);
    }

    @Test
    void managersReadEveryTaskAndChangeOnlyTheirOwn() {
        Viewer mia = viewer("mia:MANAGER");
        assertThat(access.maySee(mia, task("alice"))).isTrue();
        assertThat(access.mayChange(mia, task("alice"))).isFalse();
        assertThat(access.mayChange(mia, task("mia"))).isTrue();
    }

    @Test
    void rolesAreReadFromAuthorityNames() {
        Viewer v = Viewer.fromAuthorities("sam", List.of("ROLE_SUPERVISOR", "FACTOR_PASSWORD", "ROLE_AGENT"));
        assertThat(v.roles()).containsExactlyInAnyOrder(Role.SUPERVISOR, Role.AGENT);
    }

    private static Call call(String agent, String lastRang, Long contact) {
        boolean answered = agent != null;
        return new Call(1, contact == null ? CallDirection.INTERNAL : CallDirection.INBOUND,
                answered ? CallStatus.ANSWERED : CallStatus.MISSED, "+15550100000", null, null, agent, null, null, T,
                answered ? T.plusSeconds(5) : null, T.plusSeconds(60), contact, null, null, null, null, null, lastRang);
    }

    private static Task task(String assignee) {
        return new Task(1, Task.TaskType.CALLBACK, Task.TaskStatus.OPEN, CONTACT, "Dana", null, assignee, "sales", T,
                null, T, null);
    }
}
