package io.callcenter.crm.calls;

import java.time.Instant;

/**
 * A call with a contact was answered: the contact has been reached. Published inside the transaction
 * that recorded the answer; may be published again for later changes of the same call.
 */
public record ContactReached(long callId, long contactId, Instant answeredAt) {
}
