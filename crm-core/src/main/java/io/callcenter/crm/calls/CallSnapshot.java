package io.callcenter.crm.calls;

import java.time.Instant;

/**
 * What the PBX side knows of one call at one moment, keyed by the PBX's id for it (the Linkedid, or
 * the ChannelId of a click-to-call). Recording the same snapshot twice changes nothing.
 *
 * @param agentExtension the agent who owns the call now (who answered, or after a transfer, who talks)
 * @param lastRangExtension the last agent whose phone rang, for call-backs of unanswered calls
 * @param recordingFile the file MixMonitor writes, as the PBX names it
 */
public record CallSnapshot(String pbxKey, CallDirection direction, CallStatus status, String remoteNumber,
                           String remoteName, String localNumber, String agentExtension, String queue,
                           Instant startedAt, Instant answeredAt, Instant endedAt, String lastRangExtension,
                           String recordingFile) {
}
