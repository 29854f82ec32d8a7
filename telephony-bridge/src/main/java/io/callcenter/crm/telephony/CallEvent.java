package io.callcenter.crm.telephony;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallEndCause;
import io.callcenter.crm.calls.CallStatus;

import java.time.Instant;

/**
 * Facts about calls that the rest of the application (on every node) reacts to: screen-pops, live
 * views. Published by the node that holds the PBX connection, delivered on every node through Redis.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CallEvent.CallRang.class, name = "rang"),
        @JsonSubTypes.Type(value = CallEvent.CallRingStopped.class, name = "ring-stopped"),
        @JsonSubTypes.Type(value = CallEvent.CallAnswered.class, name = "answered"),
        @JsonSubTypes.Type(value = CallEvent.CallEnded.class, name = "ended"),
        @JsonSubTypes.Type(value = CallEvent.CallHandedOver.class, name = "handed-over"),
        @JsonSubTypes.Type(value = CallEvent.CallWrappedUp.class, name = "wrapped-up"),
        @JsonSubTypes.Type(value = CallEvent.AgentAvailability.class, name = "agent-availability")})
public sealed interface CallEvent {

    long callId();

    /** The agent the event concerns: whose phone rang or stopped ringing, who answered, whose call ended. */
    String agent();

    /** The contact the caller is, when known. */
    record ContactSummary(long id, String name, String company) {
    }

    /** An agent's phone rings for this call (before they answer): what a screen-pop shows. */
    record CallRang(long callId, String agent, String agentExtension, CallDirection direction, String remoteNumber,
                    String localNumber, String queue, Instant ringingAt, ContactSummary contact) implements CallEvent {
    }

    /** The agent's phone stopped ringing without them answering (another agent did, or the caller left). */
    record CallRingStopped(long callId, String agent, Instant at) implements CallEvent {
    }

    /** The call was answered, or handed to another agent by a transfer. */
    record CallAnswered(long callId, String agent, Instant at) implements CallEvent {
    }

    /**
     * The call was handed from {@code agent} to {@code to} (a transfer): it is no longer on {@code agent}'s
     * screen, and its wrap-up is the new agent's.
     */
    record CallHandedOver(long callId, String agent, String to, Instant at) implements CallEvent {
    }

    /** The call ended; for an attempt that failed, the number and why (null otherwise). */
    record CallEnded(long callId, String agent, CallStatus status, Instant at, String remoteNumber, CallEndCause cause)
            implements CallEvent {

        public CallEnded(long callId, String agent, CallStatus status, Instant at) {
            this(callId, agent, status, at, null, null);
        }
    }

    /** The call's wrap-up was saved: the agent's consoles take it off their screen and their list to wrap up. */
    record CallWrappedUp(long callId, String agent, String disposition) implements CallEvent {
    }

    /**
     * The agent was paused or became available (console, phone, after-call work): their consoles show it.
     * Not about one call: {@code callId} is 0.
     */
    record AgentAvailability(long callId, String agent, boolean paused, String reason) implements CallEvent {
    }
}
