package io.callcenter.crm.contacts;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;
import io.callcenter.crm.shared.InvalidSettingException;

import java.util.Locale;
import java.util.Optional;

/**
 * Turns a number as people and trunks write it ({@code (555) 010-2030}, {@code 1 555 010 2030},
 * {@code 15550102030}, {@code +15550102030}) into E.164, using the configured default region for
 * numbers written without a country code.
 *
 * <p>Numbers are checked for a possible length for their country, not against the numbering plan's
 * list of allocated ranges: call centers see test numbers, new ranges and fictional 555 numbers, and
 * refusing them would lose calls.
 */
public final class PhoneNumbers implements io.callcenter.crm.shared.NumberForms {

    /** The outcome of normalising one written number. */
    public sealed interface Normalized permits Valid, Rejected {
    }

    public record Valid(PhoneNumber number) implements Normalized {
    }

    /** A refusal, with a reason a person can act on. */
    public record Rejected(String input, String reason) implements Normalized {
    }

    private static final int MAX_INPUT_LENGTH = 64;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    public PhoneNumbers(String defaultRegion) {
        String region = defaultRegion == null ? "" : defaultRegion.trim().toUpperCase(Locale.ROOT);
        if (!util.getSupportedRegions().contains(region)) {
            throw new InvalidSettingException("crm.phone.default-region", "'" + defaultRegion
                    + "' is not an ISO 3166 country code that phone numbering knows (e.g. US, GB, DE)");
        }
        this.defaultRegion = region;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    public Normalized normalize(String input) {
        if (input == null || input.isBlank()) {
            return new Rejected(input, "is empty");
        }
        String text = input.strip();
        if (text.length() > MAX_INPUT_LENGTH) {
            return new Rejected(input, "is too long to be a phone number");
        }
        // phone numbering reads letters as their keypad digits (555-CALL-NOW); a number typed with letters is
        // far more often a typo or a name in the wrong field: refused, so nothing is stored that nobody typed
        String beforeExtension = text.replaceFirst("(?i)\\s*(?:ext\\.?|extension|x)\\s*\\d{1,6}$", "");
        if (beforeExtension.chars().anyMatch(Character::isLetter)) {
            return new Rejected(input, "is not a phone number: it has letters (write a number such as 555-CALL-NOW in digits)");
        }
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = util.parse(text, defaultRegion);
        } catch (NumberParseException e) {
            return new Rejected(input, reason(e.getErrorType()));
        }
        PhoneNumberUtil.ValidationResult possible = util.isPossibleNumberWithReason(parsed);
        return switch (possible) {
            case IS_POSSIBLE -> new Valid(new PhoneNumber(util.format(parsed, PhoneNumberFormat.E164)));
            case IS_POSSIBLE_LOCAL_ONLY -> new Rejected(input, "has no area code");
            case INVALID_COUNTRY_CODE -> new Rejected(input, "has an unknown country code");
            case TOO_SHORT -> new Rejected(input, "is too short");
            case TOO_LONG -> new Rejected(input, "is too long");
            case INVALID_LENGTH -> new Rejected(input, "has the wrong number of digits for its country");
        };
    }

    /** The E.164 form, or empty when the input is not a phone number. */
    @Override
    public Optional<String> e164(String written) {
        return tryNormalize(written).map(PhoneNumber::e164);
    }

    public Optional<PhoneNumber> tryNormalize(String input) {
        return normalize(input) instanceof Valid valid ? Optional.of(valid.number()) : Optional.empty();
    }

    /**
     * As people read it, the same everywhere: in the national form when the number is of the default region's
     * country ({@code (555) 010-2030} with region US), else in the international one ({@code +44 20 7946 0018}).
     */
    public String format(PhoneNumber number) {
        try {
            Phonenumber.PhoneNumber parsed = util.parse(number.e164(), defaultRegion);
            boolean home = parsed.getCountryCode() == util.getCountryCodeForRegion(defaultRegion);
            return util.format(parsed, home ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            return number.e164();
        }
    }

    /** The digits dialed inside the default region (e.g. 5557778888), or null for a number abroad. */
    public String nationalDigits(PhoneNumber number) {
        try {
            Phonenumber.PhoneNumber parsed = util.parse(number.e164(), defaultRegion);
            if (parsed.getCountryCode() != util.getCountryCodeForRegion(defaultRegion)) {
                return null;
            }
            return util.getNationalSignificantNumber(parsed);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String reason(NumberParseException.ErrorType type) {
        return switch (type) {
            case INVALID_COUNTRY_CODE -> "has an unknown country code";
            case NOT_A_NUMBER -> "is not a phone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "is too short";
            case TOO_LONG -> "is too long";
        };
    }
}
