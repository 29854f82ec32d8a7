package io.callcenter.crm.ui.calls;

import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.contacts.PhoneNumbers;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingPlayerTest {

    private final PhoneNumbers phoneNumbers = new PhoneNumbers("US");
    private static final Instant T = Instant.parse("2026-03-02T15:00:00Z");

    @Test
    void namesTheCallerAsEveryListDoes() {
        assertThat(new RecordingPlayer(call("+15550104646", null), phoneNumbers).getHeaderTitle())
                .isEqualTo("Recording · (555) 010-4646");
        assertThat(new RecordingPlayer(call("+15550104646", "Dana Reyes"), phoneNumbers).getHeaderTitle())
                .isEqualTo("Recording · Dana Reyes");
        assertThat(new RecordingPlayer(call(null, null), phoneNumbers).getHeaderTitle())
                .isEqualTo("Recording · unknown number");
    }

    private static Call call(String number, String contactName) {
        return new Call(7, CallDirection.INBOUND, CallStatus.ANSWERED, number, null, "+18005551000", "alice", "1001", "sales",
                T, T.plusSeconds(5), T.plusSeconds(65), contactName == null ? null : 3L, contactName, "rec-7", "7.wav",
                null, null, "alice", false, null);
    }
}
