package io.callcenter.crm.telephony.tracker;

import java.util.regex.Pattern;

/**
 * Numbers as Asterisk writes them: in caller ids, extensions and the dial strings of {@code Dial()}
 * ({@code PJSIP/5550142@carrier}, {@code PJSIP/carrier/sip:+15550142@sip.example.com}, {@code SIP/trunk/5550142},
 * {@code DAHDI/g1/5550142}, {@code Local/5550142@from-internal}).
 */
final class DialString {

    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

    private DialString() {
    }

    /** The value when it is a phone number or an extension (digits, optionally a leading +), else null. */
    static String number(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return NUMBER.matcher(v).matches() ? v : null;
    }

    static boolean isNumber(String value) {
        return value != null && NUMBER.matcher(value).matches();
    }

    /**
     * The number a dial string dials, or null when it names none. AMI's DialString leaves the technology
     * out ({@code 5550142@carrier}); a full one has it first, and options such as Local's {@code /n} last.
     */
    static String dialedNumber(String dialString) {
        if (dialString == null || dialString.isBlank()) {
            return null;
        }
        String first = dialString.strip().split("&", 2)[0];
        String[] parts = first.split("/");
        int firstCandidate = parts.length > 1 ? 1 : 0;
        for (int i = parts.length - 1; i >= firstCandidate; i--) {
            String candidate = parts[i].replaceFirst("^sips?:", "");
            int at = candidate.indexOf('@');
            if (at >= 0) {
                candidate = candidate.substring(0, at);
            }
            int params = candidate.indexOf(';');
            if (params >= 0) {
                candidate = candidate.substring(0, params);
            }
            String number = number(candidate);
            if (number != null) {
                return number;
            }
        }
        return null;
    }
}
