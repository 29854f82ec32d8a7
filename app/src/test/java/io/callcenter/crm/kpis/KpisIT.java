package io.callcenter.crm.kpis;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every KPI figure against a day of calls whose figures are known by hand (README, "KPI definitions"), in
 * New York time: a short abandon, a call crossing midnight, a transfer, a missed call called back the next
 * day, a caller who calls again. The day is in a year no other test uses, and in July: no daylight-saving
 * change falls between a call and its call-back, so the hand-counted durations hold whatever the year.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpisIT extends ApplicationIT {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Autowired CallLog callLog;
    @Autowired Kpis kpis;
    @Autowired KpiRollup rollup;
    @Autowired JdbcClient jdbc;

    private final LocalDate day = LocalDate.of(ThreadLocalRandom.current().nextInt(2001, 2020), 7, 10);
    private final String prefix = "555" + ThreadLocalRandom.current().nextInt(100, 999);
    private final List<Long> ids = new ArrayList<>();
    private Call a;
    private Call f;

    @BeforeAll
    void givenADayOfCallsKnownByHand() {
        // A: alice answers after 12 s, talks 300 s, wraps up in 30 s; the caller calls again two days later
        a = call("01", "alice", "10:00:00", 12, 300, CallStatus.ANSWERED, null);
        call("01", "bob", day.plusDays(2), "09:00:00", 3, 60, CallStatus.ANSWERED, null);
        // B: bob answers after 40 s (outside the 20 s service level), talks 60 s
        call("02", "bob", "11:00:00", 40, 60, CallStatus.ANSWERED, null);
        // C: the caller hangs up after 3 s, no agent rang: a short abandon
        call("03", null, "12:00:00", 3, -1, CallStatus.ABANDONED, null);
        // E: the caller hangs up after 50 s while alice's phone rang
        call("04", null, "13:00:00", 50, -1, CallStatus.ABANDONED, "alice");
        // F: missed after 30 s (bob rang); called back the next morning
        f = call("05", null, "14:00:00", 30, -1, CallStatus.MISSED, "bob");
        // H: answered after 5 s, transferred, bob ends it: one call, handled by bob, talk 200 s
        call("06", "bob", "15:00:00", 5, 200, CallStatus.ANSWERED, null);
        // G: starts 10 s before midnight, alice answers 20 s later (on the next day), talks 120 s
        call("07", "alice", "23:59:50", 20, 120, CallStatus.ANSWERED, null);

        jdbc.sql("update calls set wrap_up_seconds = 30, disposition = 'Sale' where id = :id").param("id", a.id()).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from tasks where call_id = :id")
                .param("id", f.id()).query(Long.class).single() == 1);
        jdbc.sql("update tasks set status = 'DONE', closed_at = :at where call_id = :id")
                .param("at", Timestamp.from(at(day.plusDays(1), "09:00:30"))).param("id", f.id()).update();
        // alice is signed in 09:00 to 17:00 and paused for lunch 12:00 to 13:00; bob never signs in
        jdbc.sql("insert into agent_sessions (id, username, started_at, last_seen_at, ended_at) values (:id, 'alice', :s, :e, :e)")
                .param("id", UUID.randomUUID().toString()).param("s", Timestamp.from(at(day, "09:00:00")))
                .param("e", Timestamp.from(at(day, "17:00:00"))).update();
        jdbc.sql("insert into agent_pauses (username, reason, started_at, ended_at) values ('alice', 'Lunch', :s, :e)")
                .param("s", Timestamp.from(at(day, "12:00:00"))).param("e", Timestamp.from(at(day, "13:00:00"))).update();
        // the facts of the changes made by hand above, as the application sends them
        for (long id : ids) {
            rollup.callChanged(id);
        }
    }

    @Test
    void theDayMatchesItsDefinitionsInNewYorkTime() {
        KpiRow d = kpis.report(new Kpis.Period(day, day, NEW_YORK), Kpis.GroupBy.DAY).stream()
                .filter(r -> r.key().equals(day.toString())).findFirst().orElseThrow();

        assertThat(d.offered()).as("A B E F G H; the short abandon C left out").isEqualTo(6);
        assertThat(d.answered()).isEqualTo(4);
        assertThat(d.abandoned()).isEqualTo(1);
        assertThat(d.shortAbandoned()).isEqualTo(1);
        assertThat(d.missed()).isEqualTo(1);
        assertThat(d.serviceLevelPct()).as("A, G (20 s exactly) and H of 6").isEqualTo(50.0);
        assertThat(d.answerRatePct()).isEqualTo(66.7);
        assertThat(d.abandonRatePct()).isEqualTo(16.7);
        assertThat(d.asaSeconds()).as("(12 + 40 + 20 + 5) / 4").isEqualTo(19);
        assertThat(d.ahtSeconds()).as("(300 + 60 + 200 + 120 talk + 30 wrap-up) / 4").isEqualTo(178);
        assertThat(d.longestWaitSeconds()).isEqualTo(50);
        assertThat(d.firstCallResolutionPct()).as("A's caller called again within 7 days").isEqualTo(75.0);
        assertThat(d.callbacksCreated()).as("C, E and F each owe a call-back").isEqualTo(3);
        assertThat(d.callbacksDone()).isEqualTo(1);
        assertThat(d.timeToCallbackSeconds()).as("F ended 14:00:30, called back 09:00:30 the next day").isEqualTo(19 * 3600);
    }

    @Test
    void aCallCountsOnTheDayItStartedInTheReportsTimeZone() {
        assertThat(kpis.report(new Kpis.Period(day.plusDays(1), day.plusDays(1), NEW_YORK), Kpis.GroupBy.DAY))
                .as("G started before midnight in New York").isEmpty();
        List<KpiRow> utc = kpis.report(new Kpis.Period(day, day.plusDays(1), ZoneId.of("UTC")), Kpis.GroupBy.DAY);
        assertThat(utc).extracting(KpiRow::key, KpiRow::offered)
                .as("in UTC G starts at 03:59:50 the next day").containsExactly(
                        org.assertj.core.groups.Tuple.tuple(day.toString(), 5), org.assertj.core.groups.Tuple.tuple(day.plusDays(1).toString(), 1));
        assertThat(kpis.report(new Kpis.Period(day, day, NEW_YORK), Kpis.GroupBy.HOUR)).extracting(KpiRow::key)
                .contains(day + "T10:00", day + "T23:00").doesNotContain(day.plusDays(1) + "T00:00");
    }

    @Test
    void perAgentFiguresCountWhatEachAgentHandledAndLetRing() {
        Map<String, KpiRow> byAgent = new java.util.HashMap<>();
        kpis.report(new Kpis.Period(day, day, NEW_YORK), Kpis.GroupBy.AGENT).forEach(r -> byAgent.put(r.key(), r));

        assertThat(byAgent.get("alice")).satisfies(r -> {
            assertThat(r.label()).isEqualTo("Alice Agent");
            assertThat(r.handled()).as("A and G").isEqualTo(2);
            assertThat(r.ringsNotAnswered()).as("E rang her").isEqualTo(1);
            assertThat(r.talkSeconds()).isEqualTo(420);
            assertThat(r.wrapUpSeconds()).isEqualTo(30);
            assertThat(r.signedInSeconds()).isEqualTo(8 * 3600);
            assertThat(r.pausedSeconds()).isEqualTo(3600);
            assertThat(r.occupancyPct()).as("(420 talk + 30 wrap-up) / (8 h - 1 h)").isEqualTo(1.8);
        });
        assertThat(byAgent.get("bob")).satisfies(r -> {
            assertThat(r.handled()).as("B and the transferred H").isEqualTo(2);
            assertThat(r.ringsNotAnswered()).as("F rang him").isEqualTo(1);
            assertThat(r.talkSeconds()).isEqualTo(260);
            assertThat(r.callbacksDone()).isEqualTo(1);
            assertThat(r.signedInSeconds()).as("never signed in").isNull();
            assertThat(r.occupancyPct()).isNull();
        });
        assertThat(kpis.total(new Kpis.Period(day, day, NEW_YORK))).satisfies(t -> {
            assertThat(t.pausedSeconds()).isEqualTo(3600);
            assertThat(t.occupancyPct()).as("(680 talk + 30 wrap-up) / 7 h of the floor").isEqualTo(2.8);
        });
        assertThat(byAgent.get("")).as("nobody rang for C").satisfies(r -> assertThat(r.shortAbandoned()).isEqualTo(1));
    }

    @Test
    void theRollupsEqualARecountAndFactsAppliedTwiceInAnyOrderChangeNothing() {
        Kpis.Period period = new Kpis.Period(day.minusDays(1), day.plusDays(3), NEW_YORK);
        List<KpiRow> before = all(period);

        List<Long> shuffled = new ArrayList<>(ids);
        shuffled.addAll(ids);
        Collections.shuffle(shuffled);
        shuffled.forEach(rollup::callChanged);
        assertThat(all(period)).as("each fact again, out of order").isEqualTo(before);

        rollup.recount(period.start(), period.end());
        assertThat(all(period)).as("a recount from the calls").isEqualTo(before);
    }

    @Test
    void aCallBackAcrossTheSpringForwardNightTakesTheRealTimeAndTheShortDayHasNoTwoOClock() {
        // 8 March 2015: New York's clocks went from 02:00 to 03:00
        LocalDate saturday = LocalDate.of(2015, 3, 7);
        LocalDate sunday = saturday.plusDays(1);
        Call missed = call("91", null, saturday, "14:00:00", 30, -1, CallStatus.MISSED, "bob");
        call("92", "alice", sunday, "01:30:00", 4, 60, CallStatus.ANSWERED, null);
        call("93", "alice", sunday, "03:30:00", 4, 60, CallStatus.ANSWERED, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from tasks where call_id = :id")
                .param("id", missed.id()).query(Long.class).single() == 1);
        jdbc.sql("update tasks set status = 'DONE', closed_at = :at where call_id = :id")
                .param("at", Timestamp.from(at(sunday, "09:00:30"))).param("id", missed.id()).update();
        rollup.callChanged(missed.id());

        KpiRow sat = kpis.report(new Kpis.Period(saturday, saturday, NEW_YORK), Kpis.GroupBy.DAY).get(0);
        assertThat(sat.timeToCallbackSeconds()).as("14:00:30 EST to 09:00:30 EDT is 18 hours").isEqualTo(18 * 3600);
        assertThat(kpis.report(new Kpis.Period(sunday, sunday, NEW_YORK), Kpis.GroupBy.HOUR)).extracting(KpiRow::key)
                .containsExactly(sunday + "T01:00", sunday + "T03:00");
    }

    private List<KpiRow> all(Kpis.Period period) {
        List<KpiRow> rows = new ArrayList<>();
        for (Kpis.GroupBy g : Kpis.GroupBy.values()) {
            rows.addAll(kpis.report(period, g));
        }
        return rows;
    }

    private Call call(String n, String agent, String time, int wait, int talk, CallStatus status, String rang) {
        return call(n, agent, day, time, wait, talk, status, rang);
    }

    private Call call(String n, String agent, LocalDate on, String time, int wait, int talk, CallStatus status, String rang) {
        Instant start = at(on, time);
        Instant answered = status == CallStatus.ANSWERED ? start.plusSeconds(wait) : null;
        Instant end = answered != null ? answered.plusSeconds(talk) : start.plusSeconds(wait);
        String ext = agent == null ? null : agent.equals("alice") ? "1001" : "1002";
        String rangExt = rang == null ? ext : rang.equals("alice") ? "1001" : "1002";
        Call c = callLog.record(new CallSnapshot("kpi-" + UUID.randomUUID(), CallDirection.INBOUND, status, prefix + n + "00",
                "Caller " + n, "8005551000", ext, "sales", start, answered, end, rangExt, null)).call();
        ids.add(c.id());
        return c;
    }

    private Instant at(LocalDate on, String time) {
        return on.atTime(LocalTime.parse(time)).atZone(NEW_YORK).toInstant();
    }
}
