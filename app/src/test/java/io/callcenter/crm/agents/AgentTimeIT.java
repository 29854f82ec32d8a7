package io.callcenter.crm.agents;

import io.callcenter.crm.ApplicationIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed-in and pause time against a day whose figures are known by hand, on a clock the test moves. */
class AgentTimeIT extends ApplicationIT {

    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    private final SetClock clock = new SetClock();
    private final String agent = "agent-" + UUID.randomUUID();
    private final String session = UUID.randomUUID().toString();

    private AgentTime time() {
        return new AgentTime(jdbc, tx, Optional.of(clock));
    }

    @Test
    void aDayOfWorkWithPausesFromConsoleAndPbx() {
        AgentTime time = time();
        clock.at("2011-02-01T09:00:00Z");
        time.signedIn(session, agent);
        time.signedIn(session, agent); // the next view of the same session
        time.paused(agent, "Break", at("10:00:00"));
        time.paused(agent, "Break", at("10:00:00.200")); // the same pause told for the second queue
        time.resumed(agent, at("10:15:00"));
        time.paused(agent, "Lunch", at("12:00:00"));
        time.paused(agent, "Training", at("12:30:00")); // another reason ends the lunch
        time.resumed(agent, at("13:00:00"));
        time.resumed(agent, at("13:00:00.300"));
        // after-call work is wrap-up time, not pause time
        time.paused(agent, AgentTime.AFTER_CALL_WORK, at("14:00:00"));
        time.resumed(agent, at("14:01:00"));
        clock.at("2011-02-01T17:00:00Z");
        time.signedOut(session);

        assertThat(time.figures(at("08:00:00"), at("18:00:00")).get(agent))
                .as("8 h signed in; 15 + 30 + 30 min paused").isEqualTo(new AgentTime.Figures(8 * 3600, 75 * 60));
        assertThat(time.figures(at("12:15:00"), at("12:45:00")).get(agent))
                .as("cut at the period's edges").isEqualTo(new AgentTime.Figures(1800, 1800));
        assertThat(pauses()).containsExactly("Break", "Lunch", "Training", AgentTime.AFTER_CALL_WORK);
    }

    @Test
    void aChangeThatArrivesLateChangesNothing() {
        AgentTime time = time();
        clock.at("2011-02-02T09:00:00Z");
        time.signedIn(session, agent);
        time.paused(agent, "Break", at2("10:00:00"));
        time.resumed(agent, at2("10:10:00"));
        // another node's copy of the pause, applied after the resume
        time.paused(agent, "Break", at2("10:00:00"));
        // a resume older than the open pause
        time.paused(agent, "Lunch", at2("12:00:00"));
        time.resumed(agent, at2("11:59:00"));
        clock.at("2011-02-02T12:30:00Z");
        time.signedOut(session);

        assertThat(time.figures(at2("00:00:00"), at2("23:59:59")).get(agent).pausedSeconds()).isEqualTo(600 + 1800);
        assertThat(pauses()).containsExactly("Break", "Lunch");
    }

    @Test
    void aSessionWhoseNodeStoppedEndsWhereItWasLastSeenAndTwoBrowsersCountOnce() {
        AgentTime time = time();
        clock.at("2011-02-03T09:00:00Z");
        time.signedIn(session, agent);
        clock.at("2011-02-03T09:30:00Z");
        time.seen(List.of(session));
        // the agent also opens the console on a second computer, which stays
        String second = UUID.randomUUID().toString();
        clock.at("2011-02-03T09:10:00Z");
        time.signedIn(second, agent);
        clock.at("2011-02-03T09:45:00Z");
        time.seen(List.of(second));
        // a pause while signed out of both does not count
        time.paused(agent, "Break", Instant.parse("2011-02-03T10:00:00Z"));

        clock.at("2011-02-03T09:46:00Z");
        assertThat(time.figures(Instant.parse("2011-02-03T00:00:00Z"), Instant.parse("2011-02-04T00:00:00Z")).get(agent))
                .as("the second session still lives: until now").isEqualTo(new AgentTime.Figures(46 * 60, 0));
        clock.at("2011-02-03T11:00:00Z");
        assertThat(time.figures(Instant.parse("2011-02-03T00:00:00Z"), Instant.parse("2011-02-04T00:00:00Z")).get(agent))
                .as("neither confirmed for over " + AgentTime.LOST_AFTER + ": 09:00 to 09:45")
                .isEqualTo(new AgentTime.Figures(45 * 60, 0));
    }

    private List<String> pauses() {
        return jdbc.sql("select reason from agent_pauses where username = :u order by started_at").param("u", agent)
                .query(String.class).list();
    }

    private static Instant at(String time) {
        return Instant.parse("2011-02-01T" + time + "Z");
    }

    private static Instant at2(String time) {
        return Instant.parse("2011-02-02T" + time + "Z");
    }

    /** A clock the test sets. */
    private static final class SetClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        void at(String instant) {
            now = Instant.parse(instant);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
