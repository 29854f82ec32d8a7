package io.callcenter.crm.telephony;

import java.util.function.Supplier;

/**
 * State that must follow each call's events in their order (what an agent's screen shows now). Told on
 * the node that tracks the PBX, after the change is recorded and before the event is published to every
 * node, so a node that reacts to the event reads the state the event left.
 */
public interface CallEventsInOrder {

    /**
     * @param describedAsRinging the call as a ringing event describes it, for calls that reach an agent
     *                           without ringing them first (a click-to-call answered on the agent's phone)
     */
    void apply(CallEvent event, Supplier<CallEvent.CallRang> describedAsRinging);
}
