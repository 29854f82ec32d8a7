package io.callcenter.crm.agents;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An agent's working time: when they were signed in to the console and when they were paused in the queues
 * (with the reason), for the per-agent KPIs. Pauses come from the console and from the PBX's own
 * QueueMemberPause events, so every node may report the same change: each change is idempotent and one that
 * arrives late (older than what is stored) changes nothing.
 */
@Service
public class AgentTime {

    /** The pause of after-call work: wrap-up time, not pause time. */
    public static final String AFTER_CALL_WORK = "After-call work";

    /** A session its node has not confirmed for this long ended where it was last seen (the node stopped). */
    public static final Duration LOST_AFTER = Duration.ofMinutes(3);

    /** Signed-in and paused seconds of one agent within a period; the pause only while signed in. */
    public record Figures(long signedInSeconds, long pausedSeconds) {

        /** Signed in and not paused: the time the agent could take calls. */
        public long availableSeconds() {
            return signedInSeconds - pausedSeconds;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    AgentTime(JdbcClient jdbc, TransactionTemplate tx, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** A console session of the agent began (again the same session: nothing changes). */
    public void signedIn(String session, String username) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        insert into agent_sessions (id, username, started_at, last_seen_at) values (:id, :u, :now, :now)
                        on conflict (id) do nothing""")
                .param("id", session).param("u", username).param("now", now).update();
    }

    /** The node still holds these sessions. */
    public void seen(Collection<String> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        jdbc.sql("update agent_sessions set last_seen_at = :now where id in (:ids) and ended_at is null")
                .param("now", Timestamp.from(clock.instant())).param("ids", sessions).update();
    }

    /** The session ended: signed out, expired, or its node shut down. */
    public void signedOut(String session) {
        jdbc.sql("update agent_sessions set ended_at = greatest(started_at, :now) where id = :id and ended_at is null")
                .param("now", Timestamp.from(clock.instant())).param("id", session).update();
    }

    /** Paused at {@code at} with a reason; a pause with another reason ends there. */
    public void paused(String username, String reason, Instant at) {
        Timestamp t = Timestamp.from(at);
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                            update agent_pauses set ended_at = greatest(started_at, :at)
                             where username = :u and ended_at is null and reason <> :r and started_at <= :at""")
                    .param("u", username).param("r", reason).param("at", t).update();
            // nothing when a pause is open, or when a later change is already stored (this one came late)
            jdbc.sql("""
                            insert into agent_pauses (username, reason, started_at)
                            select :u, :r, :at where not exists (
                                select 1 from agent_pauses where username = :u and coalesce(ended_at, 'infinity') > :at)
                            on conflict (username) where ended_at is null do nothing""")
                    .param("u", username).param("r", reason).param("at", t).update();
        });
    }

    /** Available again at {@code at}. */
    public void resumed(String username, Instant at) {
        jdbc.sql("""
                        update agent_pauses set ended_at = :at
                         where username = :u and ended_at is null and started_at <= :at""")
                .param("u", username).param("at", Timestamp.from(at)).update();
    }

    /**
     * Per agent with any signed-in time in {@code [from, to)}: signed-in and paused seconds, clipped to it. The
     * after-call work pause is left out: it is wrap-up time, counted with the calls.
     */
    public Map<String, Figures> figures(Instant from, Instant to) {
        Instant now = clock.instant();
        Map<String, Figures> out = new LinkedHashMap<>();
        jdbc.sql("""
                        with signed_in as (
                            select username, range_agg(tstzrange(started_at, greatest(started_at, least(:now,
                                       coalesce(ended_at, case when last_seen_at >= :lost then :now else last_seen_at end)))))
                                   * tstzmultirange(tstzrange(:from, :to)) as r
                              from agent_sessions
                             where started_at < :to and coalesce(ended_at, 'infinity') > :from
                             group by username),
                        paused as (
                            select username, range_agg(tstzrange(started_at, greatest(started_at, least(:now, coalesce(ended_at, :now))))) as r
                              from agent_pauses
                             where started_at < :to and coalesce(ended_at, 'infinity') > :from and reason <> :acw
                             group by username)
                        select s.username,
                               (select coalesce(sum(extract(epoch from upper(x) - lower(x))), 0) from unnest(s.r) x) as signed_in,
                               (select coalesce(sum(extract(epoch from upper(x) - lower(x))), 0)
                                  from unnest(s.r * coalesce(p.r, '{}'::tstzmultirange)) x) as paused
                          from signed_in s left join paused p using (username)
                         order by s.username""")
                .param("now", Timestamp.from(now)).param("lost", Timestamp.from(now.minus(LOST_AFTER)))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("acw", AFTER_CALL_WORK)
                .query((rs, n) -> Map.entry(rs.getString(1), new Figures(Math.round(rs.getDouble(2)), Math.round(rs.getDouble(3)))))
                .list().forEach(e -> {
                    if (e.getValue().signedInSeconds() > 0) {
                        out.put(e.getKey(), e.getValue());
                    }
                });
        return out;
    }
}
