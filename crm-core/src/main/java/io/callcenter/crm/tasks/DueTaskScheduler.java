package io.callcenter.crm.tasks;

import java.time.Instant;

/** Fires a task's due moment later, even across restarts (the application backs it with Quartz). */
public interface DueTaskScheduler {

    void schedule(long taskId, Instant dueAt);

    void cancel(long taskId);
}
