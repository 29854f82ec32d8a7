package io.callcenter.crm.tasks;

import java.time.Instant;

/**
 * A call-back task was created for an unanswered call: written to the outbox with the task, then
 * delivered at least once (its assignee is told at once).
 */
public record CallbackOwed(long taskId, long callId, String assignee, Long contactId, Instant dueAt, String note) {
}
