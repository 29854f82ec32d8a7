package io.callcenter.crm.tasks;

import io.callcenter.crm.shared.FieldProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Call-backs and reminders. Call-backs come from unanswered calls ({@link Callbacks}); people set reminders. */
@Service
public class Tasks {

    /** Outcome of creating or changing a task. */
    public sealed interface Result {
        record Saved(Task task) implements Result {
        }

        record Invalid(List<FieldProblem> problems) implements Result {
        }

        record NotFound(long id) implements Result {
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Optional<DueTaskScheduler> scheduler;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final io.callcenter.crm.outbox.Outbox outbox;

    Tasks(JdbcClient jdbc, Optional<Clock> clock, Optional<DueTaskScheduler> scheduler,
          org.springframework.transaction.support.TransactionTemplate tx, io.callcenter.crm.outbox.Outbox outbox) {
        this.tx = tx;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock.orElse(Clock.systemUTC());
        this.scheduler = scheduler;
    }

    /** The call-back an unanswered call left, if any. */
    public Optional<Task> callbackFor(long callId) {
        return jdbc.sql(SELECT + " where t.call_id = :call and t.type = 'CALLBACK'").param("call", callId)
                .query(Tasks::row).optional();
    }

    private static final String SELECT = "select t.*, c.name as contact_name from tasks t left join contacts c on c.id = t.contact_id";

    public Optional<Task> find(long id) {
        return jdbc.sql(SELECT + " where t.id = :id").param("id", id).query(Tasks::row).optional();
    }

    /** Tasks by due time. */
    public List<Task> list(TaskFilter filter, int offset, int limit) {
        List<String> where = new ArrayList<>();
        if (filter.assignee() != null) {
            where.add("t.assignee = :assignee");
        }
        if (filter.contactId() != null) {
            where.add("t.contact_id = :contact");
        }
        if (filter.status() != null) {
            where.add("t.status = :status");
        }
        var spec = jdbc.sql(SELECT + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by t.due_at, t.id offset :offset limit :limit");
        if (filter.assignee() != null) {
            spec = spec.param("assignee", filter.assignee());
        }
        if (filter.contactId() != null) {
            spec = spec.param("contact", filter.contactId());
        }
        if (filter.status() != null) {
            spec = spec.param("status", filter.status().name());
        }
        return spec.param("offset", offset).param("limit", limit).query(Tasks::row).list();
    }

    public Result createReminder(Long contactId, Long callId, String assignee, Instant dueAt, String note) {
        List<FieldProblem> problems = new ArrayList<>();
        if (contactId == null) {
            problems.add(new FieldProblem("contactId", "is required"));
        } else if (jdbc.sql("select count(*) from contacts where id = :id").param("id", contactId).query(Integer.class).single() == 0) {
            problems.add(new FieldProblem("contactId", "no contact " + contactId));
        }
        if (dueAt == null) {
            problems.add(new FieldProblem("dueAt", "is required"));
        } else if (inThePast(dueAt)) {
            problems.add(new FieldProblem("dueAt", "is in the past (" + dueAt + "): a reminder is for later"));
        }
        if (assignee == null || assignee.isBlank()) {
            problems.add(new FieldProblem("assignee", "is required"));
        } else if (jdbc.sql("select count(*) from users where username = :u").param("u", assignee).query(Integer.class).single() == 0) {
            problems.add(new FieldProblem("assignee", "no user " + assignee));
        }
        if (note != null && note.length() > 10_000) {
            problems.add(new FieldProblem("note", "must be at most 10000 characters"));
        }
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems);
        }
        long id = jdbc.sql("""
                        insert into tasks (type, status, contact_id, call_id, assignee, due_at, note, created_at)
                        values ('REMINDER', 'OPEN', :contact, :call, :assignee, :due, :note, :now) returning id""")
                .param("contact", contactId).param("call", callId).param("assignee", assignee)
                .param("due", Timestamp.from(dueAt)).param("note", note).param("now", Timestamp.from(clock.instant()))
                .query(Long.class).single();
        scheduler.ifPresent(s -> s.schedule(id, dueAt));
        return new Result.Saved(find(id).orElseThrow());
    }

    /** Earlier than a minute ago (a minute of leeway for clocks and for "now"). */
    private boolean inThePast(Instant at) {
        return at.isBefore(clock.instant().minusSeconds(60));
    }

    /** Closes or reopens a task, moves its due time or hands it to someone else; null leaves a field as it is. */
    public Result update(long id, Task.TaskStatus status, Instant dueAt, String assignee, String note) {
        Optional<Task> existing = find(id);
        if (existing.isEmpty()) {
            return new Result.NotFound(id);
        }
        if (assignee != null && jdbc.sql("select count(*) from users where username = :u").param("u", assignee)
                .query(Integer.class).single() == 0) {
            return new Result.Invalid(List.of(new FieldProblem("assignee", "no user " + assignee)));
        }
        if (dueAt != null && !dueAt.equals(existing.get().dueAt()) && inThePast(dueAt)) {
            return new Result.Invalid(List.of(new FieldProblem("dueAt", "is in the past (" + dueAt + "): move a task to later")));
        }
        Task t = existing.get();
        Task.TaskStatus newStatus = status == null ? t.status() : status;
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                            update tasks set status = :status, due_at = :due, assignee = :assignee, note = :note,
                                   closed_at = case when :status = 'DONE' then coalesce(closed_at, :now) else null end
                             where id = :id""")
                    .param("status", newStatus.name())
                    .param("due", Timestamp.from(dueAt == null ? t.dueAt() : dueAt))
                    .param("assignee", assignee == null ? t.assignee() : assignee)
                    .param("note", note == null ? t.note() : note)
                    .param("now", Timestamp.from(clock.instant()))
                    .param("id", id)
                    .update();
            if (t.type() == Task.TaskType.CALLBACK && t.callId() != null && newStatus != t.status()) {
                // a call-back done (or reopened) changes the figures of the call that owed it
                outbox.add(new io.callcenter.crm.calls.CallFiguresChanged(t.callId()));
            }
        });
        Task saved = find(id).orElseThrow();
        scheduler.ifPresent(s -> {
            if (saved.status() == Task.TaskStatus.DONE) {
                s.cancel(id);
            } else if (dueAt != null || status == Task.TaskStatus.OPEN) {
                s.schedule(id, saved.dueAt());
            }
        });
        return new Result.Saved(saved);
    }

    private static Task row(ResultSet rs, int n) throws SQLException {
        long contact = rs.getLong("contact_id");
        Long contactId = rs.wasNull() ? null : contact;
        long call = rs.getLong("call_id");
        Long callId = rs.wasNull() ? null : call;
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Task(rs.getLong("id"), Task.TaskType.valueOf(rs.getString("type")),
                Task.TaskStatus.valueOf(rs.getString("status")), contactId, rs.getString("contact_name"), callId,
                rs.getString("assignee"), rs.getString("queue"), rs.getTimestamp("due_at").toInstant(),
                rs.getString("note"), rs.getTimestamp("created_at").toInstant(), closed == null ? null : closed.toInstant());
    }
}
