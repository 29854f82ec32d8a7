package io.callcenter.crm.tasks;

/** Which tasks to list; null fields do not filter. */
public record TaskFilter(String assignee, Long contactId, Task.TaskStatus status) {

    public TaskFilter withAssignee(String username) {
        return new TaskFilter(username, contactId, status);
    }
}
