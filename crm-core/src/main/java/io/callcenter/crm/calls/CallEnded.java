package io.callcenter.crm.calls;

import java.time.Instant;

/**
 * A call ended, as recorded: written to the outbox in the transaction that recorded the end, then
 * delivered at least once (the agent's screen moves to wrap-up, live views refresh, its recording is stored).
 *
 * @param agent         the user who took the call; null when nobody answered
 * @param lastRangAgent the user whose phone rang last for it
 */
public record CallEnded(long callId, CallDirection direction, CallStatus status, String agent, String lastRangAgent,
                        String queue, Long contactId, Instant startedAt, Instant answeredAt, Instant endedAt,
                        String remoteNumber, CallEndCause cause, String recordingFile) {

    static CallEnded of(Call call) {
        return new CallEnded(call.id(), call.direction(), call.status(), call.agent(), call.lastRangAgent(), call.queue(),
                call.contactId(), call.startedAt(), call.answeredAt(), call.endedAt(), call.remoteNumber(), call.endCause(),
                call.recordingFile());
    }
}
