package io.callcenter.crm.kpis;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * Keeps {@code kpi_rollup} equal to what the calls say. The figures of a 15-minute slice of start times are
 * always recomputed whole from the calls that started in it (never incremented), so applying a fact twice,
 * late or out of order changes nothing, and {@link #recount} over any range gives the same rows. One
 * recomputation at a time across the cluster (a transaction-scoped advisory lock).
 */
@Service
public class KpiRollup {

    /** Rollup slices: every time zone's hours and days are whole slices (offsets are multiples of 15 minutes). */
    public static final Duration SLICE = Duration.ofMinutes(15);
    private static final long LOCK = 7_340_011L;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KpiSettings settings;

    KpiRollup(JdbcClient jdbc, TransactionTemplate tx, KpiSettings settings) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.settings = settings;
    }

    /** The slice a start time falls in. */
    public static Instant slice(Instant t) {
        long s = SLICE.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    /**
     * Recomputes the slices a call's figures count in: its own, those of the same caller's earlier calls within
     * the first-call-resolution window (this call may make them repeats), and those of the calls whose call-back
     * this call closed.
     */
    public void callChanged(long callId) {
        tx.executeWithoutResult(status -> {
            lock();
            List<Instant> starts = jdbc.sql("""
                            select c.started_at from calls c where c.id = :id
                            union
                            select earlier.started_at from calls c join calls earlier
                                on earlier.remote_number = c.remote_number and earlier.direction = 'INBOUND'
                               and earlier.started_at >= c.started_at - make_interval(secs => :window)
                               and earlier.started_at < c.started_at
                             where c.id = :id and c.remote_number is not null
                            union
                            select owed.started_at from tasks t join calls owed on owed.id = t.call_id
                             where t.type = 'CALLBACK' and t.closed_by_call_id = :id""")
                    .param("id", callId).param("window", settings.firstCallWindow().toSeconds())
                    .query((rs, n) -> rs.getTimestamp(1).toInstant()).list();
            TreeSet<Instant> slices = new TreeSet<>();
            starts.forEach(s -> slices.add(slice(s)));
            for (Instant s : slices) {
                recompute(s, s.plus(SLICE));
            }
        });
    }

    /** Recomputes every slice from {@code from} to {@code to} (widened to whole slices) from the calls; returns rows written. */
    public int recount(Instant from, Instant to) {
        Instant start = slice(from);
        Instant end = slice(to).equals(to) ? to : slice(to).plus(SLICE);
        return tx.execute(status -> {
            lock();
            return recompute(start, end);
        });
    }

    private void lock() {
        jdbc.sql("select pg_advisory_xact_lock(:lock)").param("lock", LOCK).query().singleRow();
    }

    private int recompute(Instant from, Instant to) {
        jdbc.sql("delete from kpi_rollup where bucket >= :from and bucket < :to")
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).update();
        return jdbc.sql("""
                        with c as (
                            select c.*,
                                   date_bin('15 minutes', c.started_at, timestamptz '2000-01-01 00:00:00+00') as slice,
                                   extract(epoch from (coalesce(c.answered_at, c.ended_at) - c.started_at)) as wait_s,
                                   extract(epoch from (c.ended_at - c.answered_at)) as talk_s
                              from calls c
                             where c.started_at >= :from and c.started_at < :to and c.ended_at is not null
                        ), f as (
                            select c.*,
                                   c.direction = 'INBOUND' and c.status = 'ABANDONED' and c.wait_s < :short as short_abandon,
                                   c.direction = 'INBOUND' and c.status in ('ANSWERED', 'ABANDONED', 'MISSED')
                                       and not (c.status = 'ABANDONED' and c.wait_s < :short) as offered,
                                   c.direction = 'INBOUND' and c.status = 'ANSWERED' as inbound_answered,
                                   c.direction = 'INBOUND' and c.status = 'ANSWERED' and exists (
                                       select 1 from calls r
                                        where r.remote_number = c.remote_number and r.direction = 'INBOUND'
                                          and r.started_at > c.started_at
                                          and r.started_at <= c.started_at + make_interval(secs => :window)) as repeated,
                                   t.created_at as callback_created, t.closed_at as callback_closed
                              from c left join tasks t on t.call_id = c.id and t.type = 'CALLBACK'
                        )
                        insert into kpi_rollup (bucket, dim, key, offered, answered, abandoned, short_abandoned, missed,
                                                answered_in_sl, wait_answered_seconds, longest_wait_seconds, handled_exact,
                                                talk_seconds, wrap_up_seconds, resolved_first_time, outbound,
                                                outbound_talk_seconds, callbacks_created, callbacks_done, callback_delay_seconds)
                        select f.slice, d.dim, d.key,
                               count(*) filter (where f.offered),
                               count(*) filter (where f.offered and f.status = 'ANSWERED'),
                               count(*) filter (where f.offered and f.status = 'ABANDONED'),
                               count(*) filter (where f.short_abandon),
                               count(*) filter (where f.offered and f.status = 'MISSED'),
                               count(*) filter (where f.offered and f.status = 'ANSWERED' and f.wait_s <= :sl),
                               coalesce(sum(f.wait_s) filter (where f.offered and f.status = 'ANSWERED'), 0),
                               coalesce(max(f.wait_s) filter (where f.offered), 0),
                               count(*) filter (where f.inbound_answered and not f.end_approximate),
                               coalesce(sum(f.talk_s) filter (where f.inbound_answered and not f.end_approximate), 0),
                               coalesce(sum(coalesce(f.wrap_up_seconds, 0)) filter (where f.inbound_answered and not f.end_approximate), 0),
                               count(*) filter (where f.inbound_answered and not f.repeated),
                               count(*) filter (where f.direction = 'OUTBOUND'),
                               coalesce(sum(f.talk_s) filter (where f.direction = 'OUTBOUND' and f.answered_at is not null
                                                                 and not f.end_approximate), 0),
                               count(*) filter (where f.callback_created is not null),
                               count(*) filter (where f.callback_closed is not null),
                               coalesce(sum(greatest(0, extract(epoch from (f.callback_closed - f.ended_at))))
                                        filter (where f.callback_closed is not null), 0)
                          from f
                         cross join lateral (values ('agent', coalesce(f.agent_username, f.last_rang_username, '')),
                                                    ('queue', coalesce(f.queue, '')),
                                                    ('did', coalesce(f.local_number, ''))) as d(dim, key)
                         group by f.slice, d.dim, d.key""")
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .param("short", settings.shortAbandon().toSeconds()).param("sl", settings.serviceLevel().toSeconds())
                .param("window", settings.firstCallWindow().toSeconds())
                .update();
    }
}
