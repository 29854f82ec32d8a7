package io.callcenter.crm.access;

import io.callcenter.crm.agents.Role;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskFilter;
import org.springframework.stereotype.Service;

/**
 * Who may see and change what: the one answer the REST API and every console view ask. The rules (the
 * README's "Who may see what" states them as a table):
 * <ul>
 *   <li>Contacts and everything that belongs to one (its calls with their outcome and wrap-up note,
 *       whoever took them; its tasks, notes and deals) are open to everyone who works with callers:
 *       agents, supervisors, managers. The next agent a customer reaches needs the whole story.</li>
 *   <li>Lists across contacts are an agent's own: their calls (taken by them, or unanswered with their
 *       phone the last to ring) and the tasks assigned to them. Supervisors and managers see all.</li>
 *   <li>Changing is for the owner or a supervisor: an agent wraps up their own calls and changes their own
 *       tasks, and sets reminders for themselves only; a supervisor may do so for anyone. Managers read.</li>
 *   <li>A recording is heard by the agent of its call, supervisors and managers.</li>
 *   <li>Administrators configure the system; the role alone shows no callers, calls or tasks.</li>
 * </ul>
 * A user with several roles may do what any of them allows.
 */
@Service
public class AccessPolicy {

    /** Whether the viewer may read, create and change contacts, and read what belongs to them. */
    public boolean mayWorkWithContacts(Viewer viewer) {
        return viewer.has(Role.AGENT) || seesTheWholeFloor(viewer);
    }

    /** Whether the viewer administers users, numbers and outcomes. */
    public boolean mayAdminister(Viewer viewer) {
        return viewer.has(Role.ADMIN);
    }

    /** Whether the viewer reads the KPI reports: managers, and supervisors for their floor. */
    public boolean mayReadKpis(Viewer viewer) {
        return viewer.has(Role.MANAGER) || viewer.has(Role.SUPERVISOR);
    }

    /** Whether lists across contacts show everyone's calls and tasks, not only the viewer's own. */
    public boolean seesTheWholeFloor(Viewer viewer) {
        return viewer.has(Role.SUPERVISOR) || viewer.has(Role.MANAGER);
    }

    // ---------------------------------------------------------------------------------------------
    // calls

    /** The calls the viewer may list with this filter: narrowed to their own, refused, or as asked. */
    public Decision<CallFilter> calls(Viewer viewer, CallFilter requested) {
        if (!mayWorkWithContacts(viewer)) {
            return new Decision.Refused<>("your role does not include calls");
        }
        if (seesTheWholeFloor(viewer) || requested.contactId() != null) {
            return new Decision.Allowed<>(requested);
        }
        if (requested.agent() != null && !requested.agent().equals(viewer.username())) {
            return new Decision.Refused<>("agents list their own calls; a contact's history (contactId) shows "
                    + "every call with that contact");
        }
        return new Decision.Allowed<>(requested.withAgent(viewer.username()));
    }

    /** Whether the viewer may see this call: their own, part of a contact's history, or the whole floor's. */
    public boolean maySee(Viewer viewer, Call call) {
        return mayWorkWithContacts(viewer)
                && (seesTheWholeFloor(viewer) || call.contactId() != null || call.belongsTo(viewer.username()));
    }

    /** Whether the viewer may set the call's outcome and note: the agent on the call, or a supervisor. */
    public boolean mayWrapUp(Viewer viewer, Call call) {
        return viewer.has(Role.SUPERVISOR) || viewer.has(Role.AGENT) && viewer.username().equals(call.agent());
    }

    /** Whether the viewer may hear the call's recording: the agent on the call, supervisors, managers. */
    public boolean mayHearRecordingOf(Viewer viewer, Call call) {
        return seesTheWholeFloor(viewer) || viewer.has(Role.AGENT) && call.belongsTo(viewer.username());
    }

    // ---------------------------------------------------------------------------------------------
    // tasks

    /** The tasks the viewer may list with this filter: narrowed to their own, refused, or as asked. */
    public Decision<TaskFilter> tasks(Viewer viewer, TaskFilter requested) {
        if (!mayWorkWithContacts(viewer)) {
            return new Decision.Refused<>("your role does not include tasks");
        }
        if (seesTheWholeFloor(viewer) || requested.contactId() != null) {
            return new Decision.Allowed<>(requested);
        }
        if (requested.assignee() != null && !requested.assignee().equals(viewer.username())) {
            return new Decision.Refused<>("agents list their own tasks; a contact's tasks (contactId) are open to all");
        }
        return new Decision.Allowed<>(requested.withAssignee(viewer.username()));
    }

    /** Whether the viewer may see this task: their own, a contact's, or the whole floor's. */
    public boolean maySee(Viewer viewer, Task task) {
        return mayWorkWithContacts(viewer) && (seesTheWholeFloor(viewer) || task.contactId() != null
                || viewer.username().equals(task.assignee()));
    }

    /** Whether the viewer may close, reopen, move or edit this task: its assignee, or a supervisor. */
    public boolean mayChange(Viewer viewer, Task task) {
        return viewer.has(Role.SUPERVISOR) || mayWorkWithContacts(viewer) && viewer.username().equals(task.assignee());
    }

    /** Whether the viewer may give a task to this user: to themselves, or (supervisors) to anyone. */
    public boolean mayAssignTo(Viewer viewer, String assignee) {
        return viewer.has(Role.SUPERVISOR) || mayWorkWithContacts(viewer) && viewer.username().equals(assignee);
    }
}
