package io.callcenter.crm.telephony.screenpop;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.telephony.CallEvent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent's live call in Redis, changed by the calls of that agent on different lanes at the same moment. */
class AgentLiveCallRaceIT extends ApplicationIT {

    private static final Instant T = Instant.parse("2026-02-02T10:00:00Z");

    @Autowired ScreenPops screenPops;
    /** Call ids of these tests' own, apart from the calls other tests record (a call's end is marked by its id). */
    private final long base = 10_000L * java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000, 100_000_000);

    @Test
    void theEndOfOneCallNeverOverwritesTheRingingOfTheNext() throws Exception {
        // given 200 agents, each talking on call A
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String agent = "race-" + UUID.randomUUID();
            agents.add(agent);
            screenPops.apply(rang(agent, base + 1_000 + i), () -> null);
            screenPops.apply(new CallEvent.CallAnswered(base + 1_000 + i, agent, T.plusSeconds(2)), () -> null);
        }

        // when, for each, call A ends on one lane at the very moment call B rings on another
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                String agent = agents.get(i);
                long a = base + 1_000 + i;
                long b = base + 5_000 + i;
                CyclicBarrier together = new CyclicBarrier(2);
                done.add(threads.submit(() -> {
                    together.await();
                    screenPops.apply(new CallEvent.CallEnded(a, agent, CallStatus.ANSWERED, T.plusSeconds(30)), () -> null);
                    return null;
                }));
                done.add(threads.submit(() -> {
                    together.await();
                    screenPops.apply(rang(agent, b), () -> null);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }

        // then every screen shows call B ringing
        for (int i = 0; i < agents.size(); i++) {
            LiveCall live = screenPops.current(agents.get(i)).orElseThrow();
            assertThat(live.call().callId()).as(agents.get(i)).isEqualTo(base + 5_000 + i);
            assertThat(live.phase()).isEqualTo(LiveCall.Phase.RINGING);
        }
    }

    @Test
    void eventsOfACallNoLongerShownChangeNothing() {
        String agent = "late-" + UUID.randomUUID();
        screenPops.apply(rang(agent, base + 2), () -> null);

        screenPops.apply(new CallEvent.CallRingStopped(base + 1, agent, T), () -> null);
        screenPops.apply(new CallEvent.CallEnded(base + 1, agent, CallStatus.ANSWERED, T), () -> null);
        screenPops.wrappedUp(agent, base + 1, null);

        assertThat(screenPops.current(agent)).hasValueSatisfying(l -> {
            assertThat(l.call().callId()).isEqualTo(base + 2);
            assertThat(l.phase()).isEqualTo(LiveCall.Phase.RINGING);
        });
    }

    @Test
    void aCallAnsweredWithoutRingingHereIsShownAsDescribedAndGoesWithItsWrapUp() {
        String agent = "c2c-" + UUID.randomUUID();

        screenPops.apply(new CallEvent.CallAnswered(base + 7, agent, T.plusSeconds(5)), () -> rang(agent, base + 7));
        assertThat(screenPops.current(agent)).hasValueSatisfying(l -> {
            assertThat(l.phase()).isEqualTo(LiveCall.Phase.TALKING);
            assertThat(l.since()).isEqualTo(T.plusSeconds(5));
            assertThat(l.call().remoteNumber()).isEqualTo("+15550100007");
        });

        screenPops.apply(new CallEvent.CallEnded(base + 7, agent, CallStatus.ANSWERED, T.plusSeconds(50)), () -> null);
        assertThat(screenPops.current(agent)).hasValueSatisfying(l -> assertThat(l.phase()).isEqualTo(LiveCall.Phase.WRAP_UP));
        screenPops.wrappedUp(agent, base + 7, null);
        assertThat(screenPops.current(agent)).isEmpty();
    }

    @Test
    void aCallsEndDeliveredBeforeItsAnswerKeepsTheScreenInWrapUp() {
        // the end comes from the outbox, possibly before the lane has announced the answer before it
        String agent = "early-end-" + UUID.randomUUID();
        screenPops.apply(rang(agent, base + 8), () -> null);

        screenPops.apply(new CallEvent.CallEnded(base + 8, agent, CallStatus.ANSWERED, T.plusSeconds(40)), () -> null);
        screenPops.apply(new CallEvent.CallAnswered(base + 8, agent, T.plusSeconds(3)), () -> rang(agent, base + 8));
        screenPops.apply(new CallEvent.CallEnded(base + 8, agent, CallStatus.ANSWERED, T.plusSeconds(40)), () -> null);

        assertThat(screenPops.current(agent)).hasValueSatisfying(l -> {
            assertThat(l.phase()).isEqualTo(LiveCall.Phase.WRAP_UP);
            assertThat(l.since()).as("the end delivered twice changes nothing").isEqualTo(T.plusSeconds(40));
            assertThat(l.call().callId()).isEqualTo(base + 8);
        });
    }

    @Test
    void anAnswerAfterTheEndOfACallNotShownBringsNothingBack() {
        String agent = "late-answer-" + UUID.randomUUID();
        screenPops.apply(new CallEvent.CallEnded(base + 9, agent, CallStatus.ANSWERED, T.plusSeconds(40)), () -> null);

        screenPops.apply(new CallEvent.CallAnswered(base + 9, agent, T.plusSeconds(3)), () -> rang(agent, base + 9));
        screenPops.apply(rang(agent, base + 9), () -> null);

        assertThat(screenPops.current(agent)).isEmpty();
    }

    @Test
    void aCallBetweenColleaguesEndedBeforeItsAnswerWasAnnouncedLeavesBothScreens() {
        // the outbox's end of an internal call clears both screens, possibly before the lane announces the answer
        String caller = "colleague-a-" + UUID.randomUUID();
        String callee = "colleague-b-" + UUID.randomUUID();
        long id = base + 10;
        CallEvent.CallRang ringingTheCallee = new CallEvent.CallRang(id, callee, "1002", CallDirection.INTERNAL, "1001",
                "1002", null, T, null);
        screenPops.apply(ringingTheCallee, () -> null);

        screenPops.accept(new io.callcenter.crm.calls.CallEnded(id, CallDirection.INTERNAL, CallStatus.ANSWERED, caller, callee,
                null, null, T, T.plusSeconds(2), T.plusSeconds(4), null, null, null));
        screenPops.apply(new CallEvent.CallAnswered(id, callee, T.plusSeconds(2)), () -> ringingTheCallee);
        screenPops.apply(new CallEvent.CallAnswered(id, caller, T.plusSeconds(2)), () -> ringingTheCallee);

        assertThat(screenPops.current(callee)).isEmpty();
        assertThat(screenPops.current(caller)).isEmpty();
    }

    private static CallEvent.CallRang rang(String agent, long callId) {
        return new CallEvent.CallRang(callId, agent, "1001", CallDirection.INBOUND, "+1555010" + String.format("%04d", callId % 10_000),
                "8005551000", "sales", T, null);
    }
}
