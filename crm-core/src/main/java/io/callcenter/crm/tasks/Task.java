package io.callcenter.crm.tasks;

import java.time.Instant;

/** A thing to do: a call-back owed after a missed call, or a reminder someone set. */
public record Task(long id, TaskType type, TaskStatus status, Long contactId, String contactName, Long callId,
                   String assignee, String queue, Instant dueAt, String note, Instant createdAt, Instant closedAt) {

    public enum TaskType {
        CALLBACK, REMINDER
    }

    public enum TaskStatus {
        OPEN, DONE
    }
}
