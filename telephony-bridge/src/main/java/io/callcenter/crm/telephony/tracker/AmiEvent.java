package io.callcenter.crm.telephony.tracker;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One AMI event as the tracker sees it: its name and its headers, both matched without regard to
 * case or dashes ({@code Uniqueid}, {@code UniqueID} and {@code uniqueid} are the same header), so
 * events parsed from the wire and events mapped from a client library look alike.
 */
public final class AmiEvent {

    private static final int MAX_NAMES = 4096;
    private static final Map<String, String> NORMALISED = new ConcurrentHashMap<>();

    private final String name;
    private final Map<String, String> fields;
    private final Instant receivedAt;
    /** The PBX's time, read once. */
    private Instant time;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};

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

    /**
     * The header name as the tracker matches it. Asterisk uses a few hundred header names; remembering them
     * spares the reader three strings per header (a bounded memo, so a flood of odd names cannot grow it).
     */
    public static String normalise(String key) {
        String known = NORMALISED.get(key);
        if (known != null) {
            return known;
        }
        String normalised = key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        if (NORMALISED.size() < MAX_NAMES) {
            NORMALISED.put(key, normalised);
        }
        return normalised;
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
        Instant t = time;
        if (t == null) {
            t = parseTime();
            time = t;
        }
        return t;
    }

    /** The Timestamp header: {@code 1795335347.503391} on the wire, {@code 1.795335347503391E9} through Asterisk-Java. */
    private Instant parseTime() {
        String ts = get("timestamp");
        if (ts == null) {
            return receivedAt;
        }
        String s = ts.trim();
        try {
            int dot = s.indexOf('.');
            if (s.indexOf('E') >= 0 || s.indexOf('e') >= 0) {
                BigDecimal seconds = new BigDecimal(s);
                long whole = seconds.longValue();
                return Instant.ofEpochSecond(whole, seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
            }
            long seconds = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
            long nanos = 0;
            if (dot >= 0) {
                String fraction = s.substring(dot + 1);
                if (fraction.length() > 9) {
                    fraction = fraction.substring(0, 9);
                }
                if (!fraction.isEmpty()) {
                    nanos = Long.parseLong(fraction) * POWERS_OF_TEN[9 - fraction.length()];
                }
            }
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            return receivedAt;
        }
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        return "AmiEvent[" + name + " " + fields + "]";
    }
}
