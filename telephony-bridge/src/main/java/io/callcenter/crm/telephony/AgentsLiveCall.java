package io.callcenter.crm.telephony;

import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallLog;

/**
 * The call an agent acts on from the console (its recording, hanging it up): their own, answered and not over,
 * with the key the PBX knows it by; or why not, in words for the agent.
 */
record AgentsLiveCall(String pbxKey, String refusal) {

    /** @param notTheirs what to say when the call is not the agent's, e.g. "only the agent on the call hangs it up" */
    static AgentsLiveCall of(CallLog callLog, String username, long callId, String notTheirs) {
        Call call = callLog.find(callId).orElse(null);
        if (call == null || !username.equals(call.agent())) {
            return new AgentsLiveCall(null, notTheirs);
        }
        if (call.answeredAt() == null || call.endedAt() != null) {
            return new AgentsLiveCall(null, "the call is not in progress");
        }
        return new AgentsLiveCall(callLog.pbxKeyOf(callId).orElseThrow(), null);
    }
}
