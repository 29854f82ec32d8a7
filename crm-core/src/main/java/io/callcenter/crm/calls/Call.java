package io.callcenter.crm.calls;

import java.time.Duration;
import java.time.Instant;

/**
 * A call as the CRM shows it (CONTRACT.md's call fields).
 *
 * @param agent         the user who took the call (after a transfer, the one who talks); null when unanswered
 * @param lastRangAgent the user whose phone rang last for it, who owes the call-back when nobody answered
 * @param endApproximate it ended while the CRM was not connected to the PBX: {@code endedAt} is when the CRM
 *                       saw it gone, so its talk or wait time is an upper bound
 * @param endCause why an unanswered attempt failed, when the PBX said so
 */
public record Call(long id, CallDirection direction, CallStatus status, String remoteNumber, String remoteName,
                   String localNumber, String agent, String agentExtension, String queue, Instant startedAt,
                   Instant answeredAt, Instant endedAt, Long contactId, String contactName, String recordingId,
                   String recordingFile, String disposition, String note, String lastRangAgent, boolean endApproximate,
                   CallEndCause endCause) {

    /** A call whose end, if any, was seen as it happened. */
    public Call(long id, CallDirection direction, CallStatus status, String remoteNumber, String remoteName,
                String localNumber, String agent, String agentExtension, String queue, Instant startedAt,
                Instant answeredAt, Instant endedAt, Long contactId, String contactName, String recordingId,
                String recordingFile, String disposition, String note, String lastRangAgent) {
        this(id, direction, status, remoteNumber, remoteName, localNumber, agent, agentExtension, queue, startedAt,
                answeredAt, endedAt, contactId, contactName, recordingId, recordingFile, disposition, note, lastRangAgent,
                false, null);
    }

    /** Whether this is the user's call: they took it, or it rang them last and nobody took it. */
    public boolean belongsTo(String username) {
        return username != null && (username.equals(agent) || agent == null && username.equals(lastRangAgent));
    }

    /** Start to answer, or to the end when nobody answered; null while it still rings. */
    public Long waitSeconds() {
        Instant until = answeredAt != null ? answeredAt : endedAt;
        return until == null ? null : Duration.between(startedAt, until).toSeconds();
    }

    /** Answer to end; null when not answered or still talking. */
    public Long talkSeconds() {
        return answeredAt == null || endedAt == null ? null : Duration.between(answeredAt, endedAt).toSeconds();
    }

    /**
     * Whether the call is wrapped up with an outcome: answered and over, not internal (the same rule as
     * {@link CallLog#pendingWrapUps}, which lists those still without one).
     */
    public boolean takesAnOutcome() {
        return status == CallStatus.ANSWERED && endedAt != null && direction != CallDirection.INTERNAL;
    }
}
