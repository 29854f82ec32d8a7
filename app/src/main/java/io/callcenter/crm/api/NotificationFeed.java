package io.callcenter.crm.api;

import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskDue;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.CallEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * {@code /user/queue/notifications}: a user's reminders and call-backs the moment they fall due
 * (CONTRACT.md). Reminders come from the scheduler; call-backs are due when the call that left them
 * ends. Every node delivers to the users connected to it.
 */
@Component
class NotificationFeed {

    static final String DESTINATION = "/queue/notifications";

    record Notification(long taskId, Task.TaskType type, Long contactId, Instant dueAt, String note) {
    }

    private final SimpMessagingTemplate messaging;
    private final Tasks tasks;
    private final ApplicationEventPublisher local;

    NotificationFeed(SimpMessagingTemplate messaging, Tasks tasks, ApplicationEventPublisher local) {
        this.messaging = messaging;
        this.tasks = tasks;
        this.local = local;
    }

    @EventListener
    void on(TaskDue due) {
        if (due.assignee() != null) {
            messaging.convertAndSendToUser(due.assignee(), DESTINATION,
                    new Notification(due.taskId(), due.type(), due.contactId(), due.dueAt(), due.note()));
        }
    }

    /** A call-back is due the moment the unanswered call that left it ends; each node tells its own users. */
    @EventListener
    void on(CallEvent.CallEnded ended) {
        if (ended.status() == CallStatus.MISSED || ended.status() == CallStatus.ABANDONED) {
            tasks.callbackFor(ended.callId()).filter(t -> t.status() == Task.TaskStatus.OPEN)
                    .map(TaskDue::of).ifPresent(local::publishEvent);
        }
    }
}
