package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CallOutcomeTest {

    @ParameterizedTest(name = "{0} answered={1} ended={2} leftQueue={3} missed={4} dial={5} refused={6} -> {7}")
    @CsvSource(nullValues = "-", value = {
            // live calls
            "INBOUND,  false, false, false, false, -,          false, RINGING",
            "INBOUND,  true,  false, false, false, -,          false, IN_PROGRESS",
            "OUTBOUND, true,  false, false, false, -,          false, IN_PROGRESS",
            // answered, whatever else happened on the way
            "INBOUND,  true,  true,  false, true,  NOANSWER,   false, ANSWERED",
            "OUTBOUND, true,  true,  false, false, -,          false, ANSWERED",
            "INTERNAL, true,  true,  false, false, -,          false, ANSWERED",
            // inbound, nobody answered: the caller left, or the PBX gave up
            "INBOUND,  false, true,  true,  false, -,          false, ABANDONED",
            "INBOUND,  false, true,  true,  true,  -,          false, ABANDONED",
            "INBOUND,  false, true,  false, false, -,          false, ABANDONED",
            "INBOUND,  false, true,  false, true,  NOANSWER,   false, MISSED",
            "INBOUND,  false, true,  false, true,  -,          false, MISSED",
            // internal and outbound
            "INTERNAL, false, true,  false, false, BUSY,       false, BUSY",
            "INTERNAL, false, true,  false, false, NOANSWER,   false, MISSED",
            "INTERNAL, false, true,  false, false, -,          false, MISSED",
            "OUTBOUND, false, true,  false, false, BUSY,       false, BUSY",
            "OUTBOUND, false, true,  false, false, CONGESTION, false, FAILED",
            "OUTBOUND, false, true,  false, false, -,          false, FAILED",
            "-,        false, true,  false, false, -,          false, FAILED",
            // a click-to-call the PBX refused
            "OUTBOUND, false, true,  false, false, -,          true,  FAILED",
            "OUTBOUND, false, false, false, false, -,          true,  FAILED"})
    void statusFollowsFromWhatWasSeen(CallDirection direction, boolean answered, boolean ended, boolean leftQueue,
                                      boolean missed, String dialFailure, boolean refused, CallStatus expected) {
        assertThat(CallOutcome.of(new CallOutcome.Seen(direction, answered, ended, leftQueue, missed, dialFailure, refused)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} answered={1} dial={2} refused={3} reason={4} -> {5}")
    @CsvSource(nullValues = "-", value = {
            "OUTBOUND, false, -,           true,  3, AGENT_NO_ANSWER",
            "OUTBOUND, false, -,           true,  5, AGENT_BUSY",
            "OUTBOUND, false, -,           true,  8, CONGESTION",
            "OUTBOUND, false, -,           true,  0, UNAVAILABLE",
            "OUTBOUND, false, -,           true,  -, UNAVAILABLE",
            "OUTBOUND, false, BUSY,        false, -, BUSY",
            "OUTBOUND, false, NOANSWER,    false, -, NO_ANSWER",
            "OUTBOUND, false, CONGESTION,  false, -, CONGESTION",
            "OUTBOUND, false, CHANUNAVAIL, false, -, UNAVAILABLE",
            "INTERNAL, false, BUSY,        false, -, BUSY",
            "OUTBOUND, false, -,           false, -, -",
            "OUTBOUND, true,  BUSY,        false, -, -",
            "INBOUND,  false, NOANSWER,    false, -, -"})
    void anAttemptThatFailedSaysWhy(CallDirection direction, boolean answered, String dialFailure, boolean refused,
                                    String reason, io.callcenter.crm.calls.CallEndCause expected) {
        assertThat(CallOutcome.cause(direction, answered, dialFailure, refused, reason)).isEqualTo(expected);
    }
}
