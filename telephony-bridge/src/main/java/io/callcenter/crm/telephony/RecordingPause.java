package io.callcenter.crm.telephony;

import io.callcenter.crm.calls.CallLog;
import org.springframework.stereotype.Service;

/**
 * The agent pauses the recording of their live call while the caller reads a card number, and resumes it
 * after: the PBX stops writing (MixMonitorMute), the call shows it, and each pause and resume is kept with
 * who did it and when. Only the agent on the call, while it is answered and not over.
 */
@Service
public class RecordingPause {

    /** What happened: done, or why not in words for the agent. */
    public record Result(boolean ok, String message) {
    }

    private final CallLog callLog;
    private final Pbx pbx;

    RecordingPause(CallLog callLog, Pbx pbx) {
        this.callLog = callLog;
        this.pbx = pbx;
    }

    public Result set(String username, long callId, boolean paused) {
        AgentsLiveCall call = AgentsLiveCall.of(callLog, username, callId, "only the agent on the call pauses its recording");
        if (call.refusal() != null) {
            return new Result(false, call.refusal());
        }
        Pbx.Reply reply = pbx.muteRecording(call.pbxKey(), paused);
        if (!reply.ok()) {
            return new Result(false, "the PBX did not " + (paused ? "pause" : "resume") + " the recording: " + reply.message());
        }
        callLog.recordingPaused(callId, username, paused);
        return new Result(true, paused ? "Recording paused" : "Recording resumed");
    }

    public boolean isPaused(long callId) {
        return callLog.isRecordingPaused(callId);
    }
}
