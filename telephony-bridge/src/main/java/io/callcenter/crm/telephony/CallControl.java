package io.callcenter.crm.telephony;

import io.callcenter.crm.calls.CallLog;
import org.springframework.stereotype.Service;

/**
 * The agent's control of their live call from the console, through AMI: hang up. Only the agent on the call,
 * while it is answered and not over; the PBX's events then end the call as any hang-up does.
 */
@Service
public class CallControl {

    /** Done, or why not in words for the agent. */
    public record Result(boolean ok, String message) {
    }

    private final CallLog callLog;
    private final Pbx pbx;

    CallControl(CallLog callLog, Pbx pbx) {
        this.callLog = callLog;
        this.pbx = pbx;
    }

    public Result hangUp(String username, long callId) {
        AgentsLiveCall call = AgentsLiveCall.of(callLog, username, callId, "only the agent on the call hangs it up from here");
        if (call.refusal() != null) {
            return new Result(false, call.refusal());
        }
        Pbx.Reply reply = pbx.hangup(call.pbxKey());
        return reply.ok() ? new Result(true, "Hanging up") : new Result(false, "the PBX did not hang up: " + reply.message());
    }
}
