package io.callcenter.crm.kpis;

import io.callcenter.crm.agents.AgentTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * KPI reports: the rollups summed over a period, grouped by agent, queue, DID, local day or local hour. A call
 * counts in the period it started in; a day is a day of the report's time zone. Reads only the rollups (one
 * row per group and 15-minute slice), never the calls.
 */
@Service
public class Kpis {

    /** How rows are grouped. */
    public enum GroupBy {
        AGENT("agent", "key"), QUEUE("queue", "key"), DID("did", "key"),
        DAY("queue", "to_char(bucket at time zone :zone, 'YYYY-MM-DD')"),
        HOUR("queue", "to_char(bucket at time zone :zone, 'YYYY-MM-DD\"T\"HH24:00')");

        final String dim;
        final String keyExpression;

        GroupBy(String dim, String keyExpression) {
            this.dim = dim;
            this.keyExpression = keyExpression;
        }
    }

    /** A period of whole local days in a time zone: {@code from} to {@code to}, both included. */
    public record Period(LocalDate from, LocalDate to, ZoneId zone) {

        public Period {
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
            }
        }

        public Instant start() {
            return from.atStartOfDay(zone).toInstant();
        }

        public Instant end() {
            return to.plusDays(1).atStartOfDay(zone).toInstant();
        }

        /** The period of as many days just before this one: what the dashboard compares with. */
        public Period previous() {
            long days = java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
            return new Period(from.minusDays(days), from.minusDays(1), zone);
        }
    }

    private static final String SUMS = """
            sum(offered) as offered, sum(answered) as answered, sum(abandoned) as abandoned,
            sum(short_abandoned) as short_abandoned, sum(missed) as missed, sum(answered_in_sl) as answered_in_sl,
            sum(wait_answered_seconds) as wait_answered, max(longest_wait_seconds) as longest_wait,
            sum(handled_exact) as handled_exact, sum(talk_seconds) as talk, sum(wrap_up_seconds) as wrap_up,
            sum(resolved_first_time) as resolved, sum(outbound) as outbound, sum(outbound_talk_seconds) as outbound_talk,
            sum(callbacks_created) as callbacks_created, sum(callbacks_done) as callbacks_done,
            sum(callback_delay_seconds) as callback_delay""";

    private final JdbcClient jdbc;
    private final AgentTime agentTime;

    Kpis(JdbcClient jdbc, AgentTime agentTime) {
        this.jdbc = jdbc;
        this.agentTime = agentTime;
    }

    /** One row per group with calls in the period, in key order. */
    public List<KpiRow> report(Period period, GroupBy groupBy) {
        Map<String, String> labels = labels(groupBy);
        String none = switch (groupBy) {
            case AGENT -> "(no agent rang)";
            case QUEUE -> "(no queue)";
            case DID -> "(no number dialled)";
            default -> "";
        };
        List<KpiRow> rows = jdbc.sql("select " + groupBy.keyExpression + " as k, " + SUMS + """
                         from kpi_rollup where dim = :dim and bucket >= :from and bucket < :to
                        group by k order by k""")
                .param("dim", groupBy.dim).param("from", Timestamp.from(period.start())).param("to", Timestamp.from(period.end()))
                .param("zone", period.zone().getId())
                .query((rs, n) -> row(rs, rs.getString("k"), key -> key.isEmpty() ? none : labels.getOrDefault(key, key))).list();
        // the calls without a group after the groups
        List<KpiRow> ordered = new java.util.ArrayList<>(rows.stream().filter(r -> !r.key().isEmpty()).toList());
        rows.stream().filter(r -> r.key().isEmpty()).forEach(ordered::add);
        return groupBy == GroupBy.AGENT ? withAgentTime(ordered, period, labels) : ordered;
    }

    /** All calls of the period in one row (key {@code total}), with all agents' time summed. */
    public KpiRow total(Period period) {
        Map<String, AgentTime.Figures> time = agentTime.figures(period.start(), period.end());
        return jdbc.sql("select " + SUMS + " from kpi_rollup where dim = 'queue' and bucket >= :from and bucket < :to")
                .param("from", Timestamp.from(period.start())).param("to", Timestamp.from(period.end()))
                .query((rs, n) -> row(rs, "total", key -> "All calls")).single()
                .withAgentTime(time.values().stream().mapToLong(AgentTime.Figures::signedInSeconds).sum(),
                        time.values().stream().mapToLong(AgentTime.Figures::pausedSeconds).sum());
    }

    /** Each agent's signed-in and paused time beside their calls; an agent signed in without calls gets a row too. */
    private List<KpiRow> withAgentTime(List<KpiRow> rows, Period period, Map<String, String> labels) {
        Map<String, AgentTime.Figures> time = new java.util.TreeMap<>(agentTime.figures(period.start(), period.end()));
        List<KpiRow> out = new java.util.ArrayList<>();
        for (KpiRow r : rows) {
            AgentTime.Figures f = time.remove(r.key());
            out.add(f == null ? r : r.withAgentTime(f.signedInSeconds(), f.pausedSeconds()));
        }
        time.forEach((username, f) -> out.add(KpiRow.noCalls(username, labels.getOrDefault(username, username))
                .withAgentTime(f.signedInSeconds(), f.pausedSeconds())));
        out.sort(Comparator.comparing((KpiRow r) -> r.key().isEmpty()).thenComparing(KpiRow::key));
        return out;
    }

    private Map<String, String> labels(GroupBy groupBy) {
        return switch (groupBy) {
            case AGENT -> jdbc.sql("select username, display_name from users").query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .list().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
            case DID -> jdbc.sql("select did, campaign from did_campaigns").query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .list().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
            default -> Map.of();
        };
    }

    private static KpiRow row(ResultSet rs, String key, Function<String, String> label) throws SQLException {
        int offered = rs.getInt("offered");
        int answered = rs.getInt("answered");
        int abandoned = rs.getInt("abandoned");
        int shortAbandoned = rs.getInt("short_abandoned");
        int missed = rs.getInt("missed");
        int handledExact = rs.getInt("handled_exact");
        int callbacksDone = rs.getInt("callbacks_done");
        return new KpiRow(key, label.apply(key), offered, answered, abandoned, shortAbandoned, missed,
                pct(answered, offered), pct(abandoned, offered), pct(rs.getInt("answered_in_sl"), offered),
                avg(rs.getDouble("wait_answered"), answered), avg(rs.getDouble("talk") + rs.getDouble("wrap_up"), handledExact),
                Math.round(rs.getDouble("longest_wait")), pct(rs.getInt("resolved"), answered), answered,
                abandoned + shortAbandoned + missed, Math.round(rs.getDouble("talk")), Math.round(rs.getDouble("wrap_up")),
                rs.getInt("outbound"), Math.round(rs.getDouble("outbound_talk")), rs.getInt("callbacks_created"), callbacksDone,
                avg(rs.getDouble("callback_delay"), callbacksDone), null, null, null);
    }

    private static Double pct(int part, int whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
    }

    private static Long avg(double sum, int count) {
        return count == 0 ? null : Math.round(sum / count);
    }
}
