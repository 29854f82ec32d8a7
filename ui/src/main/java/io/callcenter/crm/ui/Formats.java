package io.callcenter.crm.ui;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** How the console writes times, durations and call outcomes. */
public final class Formats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    public static String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** 0:42, 12:05, 1:02:03 */
    public static String duration(Long seconds) {
        if (seconds == null) {
            return "";
        }
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0 ? String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    /**
     * A number as people read it: an E.164 number in international form ({@code (555) 010-2030} at home, {@code +44 20 7946 0018} abroad), anything
     * else (an extension, what a PBX sent that is no number) as it is; empty for none.
     */
    public static String number(String raw, io.callcenter.crm.contacts.PhoneNumbers phoneNumbers) {
        if (raw == null) {
            return "";
        }
        return raw.startsWith("+") ? phoneNumbers.tryNormalize(raw).map(phoneNumbers::format).orElse(raw) : raw;
    }

    public static String status(CallStatus status) {
        return switch (status) {
            case RINGING -> "Ringing";
            case IN_PROGRESS -> "In progress";
            case ANSWERED -> "Answered";
            case MISSED -> "Missed";
            case ABANDONED -> "Abandoned";
            case BUSY -> "Busy";
            case FAILED -> "Failed";
        };
    }

    /** Lumo badge theme for a status: green answered, red missed/abandoned, blue live. */
    public static String statusTheme(CallStatus status) {
        return switch (status) {
            case ANSWERED -> "badge success";
            case MISSED, ABANDONED -> "badge error";
            case RINGING, IN_PROGRESS -> "badge";
            case BUSY, FAILED -> "badge contrast";
        };
    }

    public static String direction(CallDirection direction) {
        return switch (direction) {
            case INBOUND -> "Inbound";
            case OUTBOUND -> "Outbound";
            case INTERNAL -> "Internal";
        };
    }
}
