package io.callcenter.crm.calls;

import java.time.Instant;

/**
 * An inbound call ended without any agent answering it (missed or abandoned): a call-back is owed.
 * Published inside the transaction that recorded the end, so whatever acts on it commits with it.
 *
 * @param lastRangAgent the user whose phone rang last, if any (they owe the call-back)
 */
public record CallEndedUnanswered(long callId, CallStatus status, Long contactId, String lastRangAgent, String queue,
                                  Instant endedAt) {
}
