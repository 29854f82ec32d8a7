package io.callcenter.crm.contacts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhoneNumbersTest {

    private final PhoneNumbers us = new PhoneNumbers("US");

    @ParameterizedTest
    @ValueSource(strings = {"(555) 010-2030", "+15550102030", "555-010-2030", "1 555 010 2030", "15550102030",
            "5550102030", "+1 (555) 010 2030", "555.010.2030", " 555 010 2030 ", "011 1 555 010 2030"})
    void everyWrittenFormOfOneUsNumberIsTheSameE164(String written) {
        assertThat(us.normalize(written)).isEqualTo(new PhoneNumbers.Valid(new PhoneNumber("+15550102030")));
    }

    @ParameterizedTest
    @CsvSource({
            "GB, 020 7946 0018, +442079460018",
            "GB, +44 20 7946 0018, +442079460018",
            "DE, 030 123456, +4930123456",
            "US, +44 20 7946 0018, +442079460018",
            "FR, 01 23 45 67 89, +33123456789"})
    void numbersWithoutCountryCodeUseTheDefaultRegion(String region, String written, String e164) {
        assertThat(new PhoneNumbers(region).tryNormalize(written)).contains(new PhoneNumber(e164));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abc            | is not a phone number",
            "12             | is too short",
            "+1 555 010 2030 4455 6677 | is too long",
            "+999 1234567   | has an unknown country code",
            "'   '          | is empty"})
    void unparseableNumbersAreRejectedWithAReason(String written, String reason) {
        assertThat(us.normalize(written)).isInstanceOfSatisfying(PhoneNumbers.Rejected.class,
                rejected -> assertThat(rejected.reason()).startsWith(reason));
    }

    @Test
    void nullIsRejectedNotThrown() {
        assertThat(us.normalize(null)).isInstanceOf(PhoneNumbers.Rejected.class);
    }

    @Test
    void absurdlyLongInputIsRejectedBeforeParsing() {
        assertThat(us.normalize("5".repeat(10_000)))
                .isEqualTo(new PhoneNumbers.Rejected("5".repeat(10_000), "is too long to be a phone number"));
    }

    @Test
    void unknownDefaultRegionNamesTheProperty() {
        assertThatThrownBy(() -> new PhoneNumbers("XX"))
                .hasMessageContaining("crm.phone.default-region");
    }

    @Test
    void e164ValueTypeRefusesOtherForms() {
        assertThatThrownBy(() -> new PhoneNumber("5550102030")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsForPeople() {
        assertThat(us.format(new PhoneNumber("+15550102030"))).as("the default region's: national").isEqualTo("(555) 010-2030");
        assertThat(us.format(new PhoneNumber("+442079460018"))).as("abroad: international").isEqualTo("+44 20 7946 0018");
    }

    @Test
    void lettersAreRefusedNotReadAsKeypadDigits() {
        assertThat(us.normalize("555-CALL-NOW")).isInstanceOfSatisfying(PhoneNumbers.Rejected.class,
                r -> assertThat(r.reason()).contains("letters"));
        assertThat(us.normalize("call me maybe")).isInstanceOfSatisfying(PhoneNumbers.Rejected.class,
                r -> assertThat(r.reason()).startsWith("is not a phone number"));
        assertThat(us.tryNormalize("(555) 010-2030 ext. 12")).as("an extension is not a letter")
                .contains(new PhoneNumber("+15550102030"));
        assertThat(us.tryNormalize("555 010 2030 x7")).contains(new PhoneNumber("+15550102030"));
    }
}
