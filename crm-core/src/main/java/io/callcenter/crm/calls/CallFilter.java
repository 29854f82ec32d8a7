package io.callcenter.crm.calls;

import java.time.Instant;

/**
 * Which calls to list; null fields do not filter. {@code from} inclusive, {@code to} exclusive, on the start
 * time. {@code agent} selects the agent's calls as {@link Call#belongsTo} defines them.
 */
public record CallFilter(Long contactId, String agent, Instant from, Instant to, CallDirection direction, CallStatus status) {

    public static CallFilter all() {
        return new CallFilter(null, null, null, null, null, null);
    }

    public CallFilter withAgent(String username) {
        return new CallFilter(contactId, username, from, to, direction, status);
    }
}
