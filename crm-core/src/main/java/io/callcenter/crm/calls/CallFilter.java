package io.callcenter.crm.calls;

import java.time.Instant;

/**
 * Which calls to list; null fields do not filter. {@code from} inclusive, {@code to} exclusive, on the start
 * time. {@code agent} selects the agent's calls as {@link Call#belongsTo} defines them. {@code numberDigits}
 * matches any part of the outside party's number (digits only, however the user typed them);
 * {@code contactName} any part of the contact's name; talk time at least {@code minTalkSeconds} and under
 * {@code maxTalkSeconds}; {@code recordedOnly}
 * keeps the calls whose recording is in the store (not deleted by retention).
 */
public record CallFilter(Long contactId, String agent, Instant from, Instant to, CallDirection direction, CallStatus status,
                         String queue, String numberDigits, String contactName, String disposition,
                         Integer minTalkSeconds, Integer maxTalkSeconds, boolean recordedOnly, String localNumber) {

    public CallFilter {
        numberDigits = numberDigits == null ? null : numberDigits.replaceAll("\\D", "");
        if (numberDigits != null && numberDigits.isEmpty()) {
            numberDigits = null;
        }
        contactName = contactName == null || contactName.isBlank() ? null : contactName.strip();
        queue = queue == null || queue.isBlank() ? null : queue;
        disposition = disposition == null || disposition.isBlank() ? null : disposition;
        localNumber = localNumber == null || localNumber.isBlank() ? null : localNumber;
    }

    public CallFilter(Long contactId, String agent, Instant from, Instant to, CallDirection direction, CallStatus status,
                      String queue, String numberDigits, String contactName, String disposition,
                      Integer minTalkSeconds, Integer maxTalkSeconds, boolean recordedOnly) {
        this(contactId, agent, from, to, direction, status, queue, numberDigits, contactName, disposition, minTalkSeconds,
                maxTalkSeconds, recordedOnly, null);
    }

    public CallFilter(Long contactId, String agent, Instant from, Instant to, CallDirection direction, CallStatus status) {
        this(contactId, agent, from, to, direction, status, null, null, null, null, null, null, false);
    }

    public static CallFilter all() {
        return new CallFilter(null, null, null, null, null, null);
    }

    public CallFilter withAgent(String username) {
        return new CallFilter(contactId, username, from, to, direction, status, queue, numberDigits, contactName, disposition,
                minTalkSeconds, maxTalkSeconds, recordedOnly, localNumber);
    }

    public CallFilter withQueue(String q) {
        return new CallFilter(contactId, agent, from, to, direction, status, q, numberDigits, contactName, disposition,
                minTalkSeconds, maxTalkSeconds, recordedOnly, localNumber);
    }

    /** Calls whose outside number contains these digits ({@code "(555) 201"} matches {@code +15552014410}). */
    public CallFilter withNumber(String anyForm) {
        return new CallFilter(contactId, agent, from, to, direction, status, queue, anyForm, contactName, disposition,
                minTalkSeconds, maxTalkSeconds, recordedOnly, localNumber);
    }

    public CallFilter withContactName(String part) {
        return new CallFilter(contactId, agent, from, to, direction, status, queue, numberDigits, part, disposition,
                minTalkSeconds, maxTalkSeconds, recordedOnly, localNumber);
    }

    public CallFilter withDisposition(String d) {
        return new CallFilter(contactId, agent, from, to, direction, status, queue, numberDigits, contactName, d,
                minTalkSeconds, maxTalkSeconds, recordedOnly, localNumber);
    }

    /** Calls talked at least {@code min} and less than {@code max} seconds (either null: no bound). */
    public CallFilter withTalkBetween(Integer min, Integer max) {
        return new CallFilter(contactId, agent, from, to, direction, status, queue, numberDigits, contactName, disposition,
                min, max, recordedOnly, localNumber);
    }

    /** Calls to this number (a DID, E.164). */
    public CallFilter withLocalNumber(String e164) {
        return new CallFilter(contactId, agent, from, to, direction, status, queue, numberDigits, contactName, disposition,
                minTalkSeconds, maxTalkSeconds, recordedOnly, e164);
    }

    /** The same filter over another period. */
    public CallFilter between(Instant start, Instant end) {
        return new CallFilter(contactId, agent, start, end, direction, status, queue, numberDigits, contactName, disposition,
                minTalkSeconds, maxTalkSeconds, recordedOnly, localNumber);
    }

    public CallFilter recorded() {
        return new CallFilter(contactId, agent, from, to, direction, status, queue, numberDigits, contactName, disposition,
                minTalkSeconds, maxTalkSeconds, true, localNumber);
    }
}
