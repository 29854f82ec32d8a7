package io.callcenter.crm.telephony;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.telephony.tracker.CallUpdate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderGateTest {

    private static final Instant T = Instant.parse("2026-04-01T12:00:00Z");

    private final List<String> recorded = new ArrayList<>();
    private final List<String> caughtUp = new ArrayList<>();
    private final LeaderGate gate = new LeaderGate(u -> recorded.add(name(u)), u -> caughtUp.add(name(u)),
            Duration.ofMinutes(2), 3);

    @Test
    void aCallThatLivedWhileThisNodeFollowedIsRecordedWhenItTakesTheLead() {
        gate.accept(update("short", CallUpdate.Change.STARTED, 0));
        gate.accept(update("short", CallUpdate.Change.ENDED, 2));
        assertThat(recorded).isEmpty();

        gate.lead();
        gate.accept(update("next", CallUpdate.Change.STARTED, 3));

        assertThat(caughtUp).containsExactly("short STARTED", "short ENDED");
        assertThat(recorded).containsExactly("next STARTED");
        assertThat(gate.kept()).isZero();
    }

    @Test
    void aFollowerKeepsOnlyTheRecentPastAndAtMostItsLimit() {
        gate.accept(update("old", CallUpdate.Change.STARTED, 0));
        gate.accept(update("a", CallUpdate.Change.STARTED, 200));
        assertThat(gate.kept()).as("older than two minutes before the newest").isEqualTo(1);

        gate.accept(update("b", CallUpdate.Change.STARTED, 201));
        gate.accept(update("c", CallUpdate.Change.STARTED, 202));
        gate.accept(update("d", CallUpdate.Change.STARTED, 203));
        gate.lead();

        assertThat(caughtUp).containsExactly("b STARTED", "c STARTED", "d STARTED");
        assertThat(gate.dropped()).isEqualTo(2);
    }

    @Test
    void aNodeThatStopsLeadingKeepsInsteadOfRecording() {
        gate.lead();
        gate.follow();
        gate.accept(update("x", CallUpdate.Change.STARTED, 0));

        assertThat(recorded).isEmpty();
        assertThat(gate.kept()).isEqualTo(1);
    }

    private static CallUpdate update(String key, CallUpdate.Change change, int second) {
        return new CallUpdate(new CallSnapshot(key, CallDirection.INBOUND, CallStatus.RINGING, "+15550100000", null, null,
                null, null, T, null, null, null, null), change, null, T.plusSeconds(second));
    }

    private static String name(CallUpdate u) {
        return u.call().pbxKey() + " " + u.change();
    }
}
