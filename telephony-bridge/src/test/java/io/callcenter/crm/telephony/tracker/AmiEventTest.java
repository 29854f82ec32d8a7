package io.callcenter.crm.telephony.tracker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AmiEventTest {

    private static final Instant RECEIVED = Instant.parse("2026-05-05T05:05:05Z");

    @ParameterizedTest(name = "Timestamp {0} -> {1}")
    @CsvSource({
            "1795335347.503391,      2026-11-22T08:15:47.503391Z",
            "1795335347.5,           2026-11-22T08:15:47.500Z",
            // as Asterisk-Java hands it over (a Double)
            "1.795335347503391E9,    2026-11-22T08:15:47.503391Z",
            "1.7953353475E9,         2026-11-22T08:15:47.500Z",
            "1795335347,             2026-11-22T08:15:47Z",
            "1795335347.123456789123, 2026-11-22T08:15:47.123456789Z",
            "' 1795335347.000001 ',  2026-11-22T08:15:47.000001Z",
            "yesterday,              2026-05-05T05:05:05Z",
            "1795335347.x,           2026-05-05T05:05:05Z",
            "'',                     2026-05-05T05:05:05Z"})
    void thePbxsClockWinsOverArrivalWhenItCanBeRead(String timestamp, Instant expected) {
        assertThat(new AmiEvent("Hangup", Map.of("Timestamp", timestamp), RECEIVED).time()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"Uniqueid", "UniqueID", "uniqueid", "Unique-Id", "UNIQUE_ID"})
    void headersMatchWhateverTheirCaseAndDashes(String header) {
        assertThat(new AmiEvent("Hangup", Map.of(header, "1.1"), RECEIVED).get("uniqueid")).isEqualTo("1.1");
    }
}
