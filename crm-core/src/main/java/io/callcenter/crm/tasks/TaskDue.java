package io.callcenter.crm.tasks;

import java.time.Instant;

/** A task fell due: its assignee's console (on whichever node) should say so now. */
public record TaskDue(long taskId, Task.TaskType type, Long contactId, Instant dueAt, String note, String assignee) {

    public static TaskDue of(Task task) {
        return new TaskDue(task.id(), task.type(), task.contactId(), task.dueAt(), task.note(), task.assignee());
    }
}
