package io.callcenter.crm.tasks;

import io.callcenter.crm.calls.CallEndedUnanswered;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.calls.ContactReached;
import io.callcenter.crm.outbox.Outbox;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

/**
 * Where unanswered calls become call-back tasks: a missed or abandoned inbound call leaves one
 * CALLBACK for the agent whose phone rang last (or the queue), due at once; reaching the contact on a
 * later answered call closes their open call-backs. Runs inside the transaction that recorded the call,
 * and is idempotent (one call-back per call, closing twice changes nothing). A new call-back is a
 * {@link CallbackOwed} fact in the {@link Outbox}, so its assignee is told even if Redis is down now.
 */
@Component
class Callbacks {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    Callbacks(JdbcClient jdbc, Outbox outbox, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventListener
    void owe(CallEndedUnanswered call) {
        String note = (call.status() == CallStatus.ABANDONED ? "Caller hung up before an answer" : "Missed call")
                + (call.queue() == null ? "" : " in queue " + call.queue());
        jdbc.sql("""
                        insert into tasks (type, status, contact_id, call_id, assignee, queue, due_at, note, created_at)
                        values ('CALLBACK', 'OPEN', :contact, :call, :assignee, :queue, :due, :note, :now)
                        on conflict (call_id) where type = 'CALLBACK' do nothing
                        returning id""")
                .param("contact", call.contactId())
                .param("call", call.callId())
                .param("assignee", call.lastRangAgent())
                .param("queue", call.queue())
                .param("due", Timestamp.from(call.endedAt()))
                .param("note", note)
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class).optional()
                .ifPresent(taskId -> outbox.add(new CallbackOwed(taskId, call.callId(), call.lastRangAgent(),
                        call.contactId(), call.endedAt(), note)));
    }

    @EventListener
    void done(ContactReached reached) {
        jdbc.sql("""
                        update tasks set status = 'DONE', closed_at = :now, closed_by_call_id = :call
                         where type = 'CALLBACK' and status = 'OPEN' and contact_id = :contact and call_id <> :call""")
                .param("call", reached.callId()).param("contact", reached.contactId())
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }
}
