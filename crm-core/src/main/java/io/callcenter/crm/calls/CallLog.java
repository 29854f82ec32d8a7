package io.callcenter.crm.calls;

import io.callcenter.crm.contacts.CallerMatching;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.outbox.Outbox;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every call on the PBX, answered or not, as a record on the right contact. Recording a call's state
 * is idempotent (keyed by the PBX's id for the call). The facts the domain acts on ({@link CallEndedUnanswered},
 * {@link ContactReached}) are published inside the recording transaction, so their consequences (a
 * call-back owed, call-backs done) commit or roll back with the call; {@link CallEnded}, which parts
 * outside the database act on, goes to the {@link Outbox} in that same transaction.
 */
@Service
public class CallLog {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final CallerMatching callers;
    private final PhoneNumbers phoneNumbers;
    private final ApplicationEventPublisher facts;
    private final Outbox outbox;
    private final Clock clock;

    CallLog(JdbcClient jdbc, TransactionTemplate tx, CallerMatching callers, PhoneNumbers phoneNumbers,
            ApplicationEventPublisher facts, Outbox outbox, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.callers = callers;
        this.phoneNumbers = phoneNumbers;
        this.facts = facts;
        this.outbox = outbox;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Records several snapshots, in order, in one transaction: one commit (one disk flush) for a burst of
     * events instead of one each. All or nothing, so the whole batch can simply be retried.
     */
    public List<RecordedCall> recordAll(List<CallSnapshot> snapshots) {
        return tx.execute(status -> snapshots.stream().map(this::record).toList());
    }

    /** Records what the PBX side knows of a call now; safe to repeat and to run on several nodes at once. */
    public RecordedCall record(CallSnapshot s) {
        return tx.execute(status -> {
            Long contactId = contactFor(s);
            List<Long> ids = jdbc.sql("""
                            insert into calls (pbx_key, direction, status, remote_number, remote_name, local_number,
                                               agent_username, agent_extension, last_rang_username, queue, started_at,
                                               answered_at, ended_at, contact_id, recording_file, updated_at, end_approximate, end_cause)
                            values (:key, :direction, :status, :remote, :remoteName, :local,
                                    (select username from users where extension = :ext), :ext,
                                    (select username from users where extension = :lastRang), :queue, :started,
                                    :answered, :ended, :contact, :recording, :now, :approximate, :cause)
                            on conflict (pbx_key) do update set
                                direction = excluded.direction,
                                status = excluded.status,
                                remote_number = coalesce(excluded.remote_number, calls.remote_number),
                                remote_name = coalesce(excluded.remote_name, calls.remote_name),
                                local_number = coalesce(excluded.local_number, calls.local_number),
                                agent_username = coalesce(excluded.agent_username, calls.agent_username),
                                agent_extension = coalesce(excluded.agent_extension, calls.agent_extension),
                                last_rang_username = coalesce(excluded.last_rang_username, calls.last_rang_username),
                                queue = coalesce(excluded.queue, calls.queue),
                                started_at = least(calls.started_at, excluded.started_at),
                                answered_at = coalesce(calls.answered_at, excluded.answered_at),
                                ended_at = excluded.ended_at,
                                contact_id = coalesce(calls.contact_id, excluded.contact_id),
                                recording_file = coalesce(excluded.recording_file, calls.recording_file),
                                updated_at = excluded.updated_at,
                                end_approximate = excluded.end_approximate,
                                end_cause = coalesce(excluded.end_cause, calls.end_cause)
                            where calls.ended_at is null
                            returning id""")
                    .param("key", s.pbxKey())
                    .param("direction", s.direction().name())
                    .param("status", s.status().name())
                    .param("remote", s.direction() == CallDirection.INTERNAL || s.remoteNumber() == null ? s.remoteNumber()
                            : phoneNumbers.tryNormalize(s.remoteNumber()).map(PhoneNumber::e164).orElse(s.remoteNumber()))
                    .param("remoteName", s.remoteName())
                    // the DID, in E.164 like every number, however the carrier wrote it (a short code stays as it is)
                    .param("local", s.direction() == CallDirection.INTERNAL || s.localNumber() == null ? s.localNumber()
                            : phoneNumbers.tryNormalize(s.localNumber()).map(PhoneNumber::e164).orElse(s.localNumber()))
                    .param("ext", s.agentExtension())
                    .param("lastRang", s.lastRangExtension())
                    .param("queue", s.queue())
                    .param("started", ts(s.startedAt()))
                    .param("answered", ts(s.answeredAt()))
                    .param("ended", ts(s.endedAt()))
                    .param("contact", contactId)
                    .param("recording", s.recordingFile())
                    .param("now", ts(clock.instant()))
                    .param("approximate", s.endedAt() != null && s.endApproximate())
                    .param("cause", s.endCause() == null ? null : s.endCause().name())
                    .query(Long.class).list();
            if (ids.isEmpty()) {
                // the call was already final: a late or repeated snapshot changes nothing
                return new RecordedCall(findByPbxKey(s.pbxKey()).orElseThrow(), false);
            }
            Call call = find(ids.get(0)).orElseThrow();
            afterRecording(call);
            return new RecordedCall(call, true);
        });
    }

    /** The call's row changed (a row whose call had ended is never changed again). */
    private void afterRecording(Call call) {
        if (call.endedAt() != null) {
            outbox.add(CallEnded.of(call));
        }
        if (call.endedAt() != null && call.direction() == CallDirection.INBOUND
                && (call.status() == CallStatus.MISSED || call.status() == CallStatus.ABANDONED)) {
            facts.publishEvent(new CallEndedUnanswered(call.id(), call.status(), call.contactId(),
                    call.lastRangAgent() != null ? call.lastRangAgent() : call.agent(), call.queue(), call.endedAt()));
        }
        if (call.answeredAt() != null && call.contactId() != null) {
            facts.publishEvent(new ContactReached(call.id(), call.contactId(), call.answeredAt()));
        }
    }

    private Long contactFor(CallSnapshot s) {
        if (s.direction() == CallDirection.INTERNAL) {
            return null;
        }
        return callers.contactFor(s.remoteNumber(), s.remoteName(),
                s.direction() == CallDirection.INBOUND ? s.localNumber() : null).orElse(null);
    }

    /**
     * Records a click-to-call before the PBX knows it, so its id can be returned at once; the PBX's
     * events then fill the same row (keyed by the ChannelId we give the Originate).
     */
    public Call registerClickToCall(String pbxKey, String agentUsername, String extension, PhoneNumber number) {
        return tx.execute(status -> {
            long contactId = callers.contactFor(number);
            long id = jdbc.sql("""
                            insert into calls (pbx_key, direction, status, remote_number, agent_username, agent_extension,
                                               started_at, contact_id, updated_at)
                            values (:key, 'OUTBOUND', 'RINGING', :remote, :agent, :ext, :now, :contact, :now)
                            returning id""")
                    .param("key", pbxKey).param("remote", number.e164()).param("agent", agentUsername)
                    .param("ext", extension).param("now", ts(clock.instant())).param("contact", contactId)
                    .query(Long.class).single();
            return find(id).orElseThrow();
        });
    }

    /** Ends a click-to-call the PBX refused outright. */
    public void failClickToCall(String pbxKey) {
        tx.executeWithoutResult(status -> jdbc.sql("""
                                update calls set status = 'FAILED', ended_at = :now, updated_at = :now
                                 where pbx_key = :key and ended_at is null returning id""")
                .param("key", pbxKey).param("now", ts(clock.instant())).query(Long.class).optional()
                .flatMap(this::find).ifPresent(this::afterRecording));
    }

    private static final String SELECT = """
            select c.*, ct.name as contact_name from calls c left join contacts ct on ct.id = c.contact_id""";

    public Optional<Call> find(long id) {
        return jdbc.sql(SELECT + " where c.id = :id").param("id", id).query(CallLog::row).optional();
    }

    public Optional<Call> findByPbxKey(String pbxKey) {
        return jdbc.sql(SELECT + " where c.pbx_key = :key").param("key", pbxKey).query(CallLog::row).optional();
    }

    /** The queues calls came through since {@code since}, by name (for filters). */
    public List<String> queuesSince(Instant since) {
        return jdbc.sql("select distinct queue from calls where started_at >= :since and queue is not null order by queue")
                .param("since", ts(since)).query(String.class).list();
    }

    /**
     * The agent's answered calls that ended without an outcome yet (internal calls need none), newest first:
     * what they still have to wrap up.
     */
    public List<Call> pendingWrapUps(String agent, int offset, int limit) {
        return jdbc.sql(SELECT + " " + PENDING + " order by c.started_at desc, c.id desc offset :offset limit :limit")
                .param("agent", agent).param("offset", offset).param("limit", limit).query(CallLog::row).list();
    }

    public int countPendingWrapUps(String agent) {
        return jdbc.sql("select count(*) from calls c " + PENDING).param("agent", agent).query(Integer.class).single();
    }

    private static final String PENDING = """
             where c.agent_username = :agent and c.status = 'ANSWERED' and c.ended_at is not null
               and c.disposition is null and c.direction <> 'INTERNAL'""";

    /** Calls newest first. */
    public List<Call> search(CallFilter filter, int offset, int limit) {
        Where where = where(filter);
        var spec = jdbc.sql(SELECT + where.sql + " order by c.started_at desc, c.id desc offset :offset limit :limit");
        for (var p : where.params) {
            spec = spec.param(p.name, p.value);
        }
        return spec.param("offset", offset).param("limit", limit).query(CallLog::row).list();
    }

    public int count(CallFilter filter) {
        Where where = where(filter);
        var spec = jdbc.sql("select count(*) from calls c" + where.sql);
        for (var p : where.params) {
            spec = spec.param(p.name, p.value);
        }
        return spec.query(Integer.class).single();
    }

    /** Calls our records hold open (not ended), with what they know, for resynchronising with the PBX. */
    public List<CallSnapshot> openCalls() {
        return jdbc.sql("select * from calls where ended_at is null").query((rs, n) -> new CallSnapshot(
                rs.getString("pbx_key"), CallDirection.valueOf(rs.getString("direction")),
                CallStatus.valueOf(rs.getString("status")), rs.getString("remote_number"), rs.getString("remote_name"),
                rs.getString("local_number"), rs.getString("agent_extension"), rs.getString("queue"),
                instant(rs, "started_at"), instant(rs, "answered_at"), null,
                null, rs.getString("recording_file"))).list();
    }

    /**
     * Saves the agent's wrap-up of a call: disposition and note. The first wrap-up also records how long
     * after the call's end it came (wrap-up time counts in the average handle time).
     */
    public Optional<Call> wrapUp(long id, String disposition, String note) {
        return tx.execute(status -> wrapUpInTransaction(id, disposition, note));
    }

    private Optional<Call> wrapUpInTransaction(long id, String disposition, String note) {
        Instant now = clock.instant();
        int n = jdbc.sql("""
                        update calls set disposition = :d, note = :n, updated_at = :now,
                               wrapped_up_at = coalesce(wrapped_up_at, :now),
                               wrap_up_seconds = coalesce(wrap_up_seconds,
                                   case when ended_at is null then 0
                                        else greatest(0, extract(epoch from (cast(:now as timestamptz) - ended_at)))::int end)
                         where id = :id""")
                .param("d", disposition).param("n", note).param("now", ts(now)).param("id", id).update();
        if (n == 0) {
            return Optional.empty();
        }
        // the wrap-up time counts in the handle time of the call's figures
        outbox.add(new CallFiguresChanged(id));
        Optional<Call> call = find(id);
        call.ifPresent(c -> outbox.add(new CallWrappedUp(id, c.agent(), disposition)));
        return call;
    }

    /** The PBX's id for the call (its Linkedid, or a click-to-call's ChannelId). */
    public Optional<String> pbxKeyOf(long id) {
        return jdbc.sql("select pbx_key from calls where id = :id").param("id", id).query(String.class).optional();
    }

    /** The call's recording was paused or resumed by {@code username}: kept on the call, and in its history. */
    public void recordingPaused(long id, String username, boolean paused) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("update calls set recording_paused = :p, updated_at = :now where id = :id")
                    .param("p", paused).param("now", ts(clock.instant())).param("id", id).update();
            jdbc.sql("insert into recording_pauses (call_id, username, paused, at) values (:id, :user, :p, :now)")
                    .param("id", id).param("user", username).param("p", paused).param("now", ts(clock.instant())).update();
        });
    }

    /** Whether the call's recording is paused now. */
    public boolean isRecordingPaused(long id) {
        return jdbc.sql("select recording_paused from calls where id = :id").param("id", id).query(Boolean.class)
                .optional().orElse(false);
    }

    private record Param(String name, Object value) {
    }

    private record Where(String sql, List<Param> params) {
    }

    private static Where where(CallFilter f) {
        List<String> clauses = new ArrayList<>();
        List<Param> params = new ArrayList<>();
        if (f.contactId() != null) {
            clauses.add("c.contact_id = :contactId");
            params.add(new Param("contactId", f.contactId()));
        }
        if (f.agent() != null) {
            // the agent's calls: taken by them, or unanswered with their phone the last to ring
            clauses.add("(c.agent_username = :agent or (c.agent_username is null and c.last_rang_username = :agent))");
            params.add(new Param("agent", f.agent()));
        }
        if (f.from() != null) {
            clauses.add("c.started_at >= :from");
            params.add(new Param("from", ts(f.from())));
        }
        if (f.to() != null) {
            clauses.add("c.started_at < :to");
            params.add(new Param("to", ts(f.to())));
        }
        if (f.direction() != null) {
            clauses.add("c.direction = :direction");
            params.add(new Param("direction", f.direction().name()));
        }
        if (f.status() != null) {
            clauses.add("c.status = :status");
            params.add(new Param("status", f.status().name()));
        }
        if (f.queue() != null) {
            clauses.add("c.queue = :queue");
            params.add(new Param("queue", f.queue()));
        }
        if (f.numberDigits() != null) {
            clauses.add("c.remote_number like :number");
            params.add(new Param("number", "%" + f.numberDigits() + "%"));
        }
        if (f.contactName() != null) {
            clauses.add("exists (select 1 from contacts named where named.id = c.contact_id and named.name ilike :contactName escape '\\')");
            params.add(new Param("contactName", "%" + f.contactName().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        }
        if (f.disposition() != null) {
            clauses.add("c.disposition = :disposition");
            params.add(new Param("disposition", f.disposition()));
        }
        if (f.minTalkSeconds() != null) {
            clauses.add("c.answered_at is not null and c.ended_at - c.answered_at >= make_interval(secs => :minTalk)");
            params.add(new Param("minTalk", f.minTalkSeconds()));
        }
        if (f.maxTalkSeconds() != null) {
            clauses.add("c.answered_at is not null and c.ended_at - c.answered_at < make_interval(secs => :maxTalk)");
            params.add(new Param("maxTalk", f.maxTalkSeconds()));
        }
        if (f.localNumber() != null) {
            clauses.add("c.local_number = :localNumber");
            params.add(new Param("localNumber", f.localNumber()));
        }
        if (f.recordedOnly()) {
            clauses.add("exists (select 1 from recordings r where r.id = c.recording_id and r.deleted_at is null)");
        }
        return new Where(clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses), params);
    }

    private static Call row(ResultSet rs, int n) throws SQLException {
        long contact = rs.getLong("contact_id");
        Long contactId = rs.wasNull() ? null : contact;
        return new Call(rs.getLong("id"), CallDirection.valueOf(rs.getString("direction")),
                CallStatus.valueOf(rs.getString("status")), rs.getString("remote_number"), rs.getString("remote_name"),
                rs.getString("local_number"), rs.getString("agent_username"), rs.getString("agent_extension"),
                rs.getString("queue"), instant(rs, "started_at"), instant(rs, "answered_at"), instant(rs, "ended_at"),
                contactId, rs.getString("contact_name"), rs.getString("recording_id"), rs.getString("recording_file"),
                rs.getString("disposition"), rs.getString("note"), rs.getString("last_rang_username"),
                rs.getBoolean("end_approximate"),
                rs.getString("end_cause") == null ? null : CallEndCause.valueOf(rs.getString("end_cause")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
