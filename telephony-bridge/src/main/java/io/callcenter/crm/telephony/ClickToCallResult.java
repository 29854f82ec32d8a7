package io.callcenter.crm.telephony;

/** The outcome of a click-to-call: started (the agent's phone rings first), or refused with a reason. */
public sealed interface ClickToCallResult {

    record Started(long callId) implements ClickToCallResult {
    }

    /** Why it was refused; {@code kind} tells whether the input, the agent's setup or the PBX is at fault. */
    record Rejected(Kind kind, String reason) implements ClickToCallResult {
    }

    enum Kind {
        INVALID_NUMBER, NO_EXTENSION, PBX_UNAVAILABLE, PBX_REFUSED,
        /** the agent's phone is ringing or on a call: one line per agent */
        AGENT_BUSY
    }
}
