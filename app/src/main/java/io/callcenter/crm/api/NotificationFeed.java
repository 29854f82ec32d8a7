package io.callcenter.crm.api;

import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskDue;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * {@code /user/queue/notifications}: a user's reminders and call-backs the moment they fall due
 * (CONTRACT.md). Reminders come from the scheduler; call-backs from the outbox when the call that left
 * them ends ({@code platform.CallbacksFallDue}). Every node delivers to the users connected to it.
 */
@Component
class NotificationFeed {

    static final String DESTINATION = "/queue/notifications";

    record Notification(long taskId, Task.TaskType type, Long contactId, Instant dueAt, String note) {
    }

    private final SimpMessagingTemplate messaging;

    NotificationFeed(SimpMessagingTemplate messaging) {
        this.messaging = messaging;
    }

    @EventListener
    void on(TaskDue due) {
        if (due.assignee() != null) {
            messaging.convertAndSendToUser(due.assignee(), DESTINATION,
                    new Notification(due.taskId(), due.type(), due.contactId(), due.dueAt(), due.note()));
        }
    }
}
