package io.callcenter.crm.telephony.tracker;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One AMI event as the tracker sees it: its name and its headers, both matched without regard to
 * case or dashes ({@code Uniqueid}, {@code UniqueID} and {@code uniqueid} are the same header), so
 * events parsed from the wire and events mapped from a client library look alike.
 */
public final class AmiEvent {

    private final String name;
    private final Map<String, String> fields;
    private final Instant receivedAt;

    public AmiEvent(String name, Map<String, String> headers, Instant receivedAt) {
        this.name = normalise(name);
        this.fields = new HashMap<>();
        headers.forEach((k, v) -> {
            if (k != null && v != null) {
                fields.put(normalise(k), v);
            }
        });
        this.receivedAt = receivedAt;
    }

    public static String normalise(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** The event name in lower case, e.g. {@code agentconnect}. */
    public String name() {
        return name;
    }

    /** A header's value, or null; {@code <unknown>} and empty values count as absent. */
    public String get(String header) {
        String value = fields.get(normalise(header));
        if (value == null || value.isEmpty() || "<unknown>".equals(value)) {
            return null;
        }
        return value;
    }

    public boolean has(String header) {
        return get(header) != null;
    }

    /**
     * When the PBX says it happened: its {@code Timestamp} header (seconds with a fraction, present with
     * {@code timestampevents=yes}), otherwise when we received it.
     */
    public Instant time() {
        String ts = get("timestamp");
        if (ts != null) {
            try {
                BigDecimal seconds = new BigDecimal(ts.trim());
                long whole = seconds.longValue();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
                return Instant.ofEpochSecond(whole, nanos);
            } catch (NumberFormatException | ArithmeticException e) {
                return receivedAt;
            }
        }
        return receivedAt;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        return "AmiEvent[" + name + " " + fields + "]";
    }
}
