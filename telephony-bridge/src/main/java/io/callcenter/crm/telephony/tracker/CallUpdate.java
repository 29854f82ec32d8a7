package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallSnapshot;

import java.time.Instant;

/**
 * A change the tracker decided: the call as it is now, what changed, and for ringing changes the
 * agent extension concerned; {@code at} is when it happened by the PBX's clock.
 */
public record CallUpdate(CallSnapshot call, Change change, String agentExtension, Instant at) {

    public enum Change {
        /** first known with its remote number (inbound calls: when they reach a queue or an agent) */
        STARTED,
        /** an agent's phone started ringing for this call */
        RINGING,
        /** an agent's phone stopped ringing without answering (another answered, no answer, caller gone) */
        RING_STOPPED,
        ANSWERED,
        /** the owner changed, e.g. after a transfer */
        TRANSFERRED,
        ENDED
    }
}
