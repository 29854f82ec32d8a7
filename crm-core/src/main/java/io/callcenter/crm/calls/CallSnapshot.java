package io.callcenter.crm.calls;

import java.time.Instant;

/**
 * What the PBX side knows of one call at one moment, keyed by the PBX's id for it (the Linkedid, or
 * the ChannelId of a click-to-call). Recording the same snapshot twice changes nothing.
 *
 * @param agentExtension the agent who owns the call now (who answered, or after a transfer, who talks)
 * @param lastRangExtension the last agent whose phone rang, for call-backs of unanswered calls
 * @param recordingFile the file MixMonitor writes, as the PBX names it
 * @param endApproximate the call ended while we were not connected to the PBX: {@code endedAt} is when we
 *                       saw it gone, not when it ended
 * @param endCause why an unanswered attempt failed, when the PBX said so
 */
public record CallSnapshot(String pbxKey, CallDirection direction, CallStatus status, String remoteNumber,
                           String remoteName, String localNumber, String agentExtension, String queue,
                           Instant startedAt, Instant answeredAt, Instant endedAt, String lastRangExtension,
                           String recordingFile, boolean endApproximate, CallEndCause endCause) {

    /** A snapshot whose end, if any, was seen as it happened. */
    public CallSnapshot(String pbxKey, CallDirection direction, CallStatus status, String remoteNumber,
                        String remoteName, String localNumber, String agentExtension, String queue,
                        Instant startedAt, Instant answeredAt, Instant endedAt, String lastRangExtension,
                        String recordingFile) {
        this(pbxKey, direction, status, remoteNumber, remoteName, localNumber, agentExtension, queue, startedAt,
                answeredAt, endedAt, lastRangExtension, recordingFile, false, null);
    }
}
