package io.callcenter.crm.contacts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A phone number in E.164 form ({@code +15550123456}). Only {@link PhoneNumbers} makes them from
 * user or PBX input; this type guarantees the canonical form everywhere else.
 */
public record PhoneNumber(String e164) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");

    public PhoneNumber {
        Objects.requireNonNull(e164, "e164");
        if (!E164.matcher(e164).matches()) {
            throw new IllegalArgumentException("not an E.164 number: " + e164);
        }
    }

    @Override
    public String toString() {
        return e164;
    }
}
