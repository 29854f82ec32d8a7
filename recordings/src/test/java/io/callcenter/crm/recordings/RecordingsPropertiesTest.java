package io.callcenter.crm.recordings;

import io.callcenter.crm.shared.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingsPropertiesTest {

    @Test
    void fetchingOverAriNeedsItsAddressAndCredentials() {
        assertThatThrownBy(() -> properties(RecordingsProperties.Fetch.ARI, null))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("crm.recordings.ari.url:");
        assertThatThrownBy(() -> properties(RecordingsProperties.Fetch.ARI, new RecordingsProperties.Ari(URI.create("http://pbx:8088/ari"),
                "crm", " ", Duration.ofSeconds(5), Duration.ofSeconds(30))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("crm.recordings.ari.password");
        assertThat(properties(RecordingsProperties.Fetch.SPOOL, null).fetch()).as("not needed for a shared folder")
                .isEqualTo(RecordingsProperties.Fetch.SPOOL);
    }

    private static RecordingsProperties properties(RecordingsProperties.Fetch fetch, RecordingsProperties.Ari ari) {
        return new RecordingsProperties("/var/spool/asterisk/recording", null, Duration.ofSeconds(2), Duration.ofSeconds(2), 365,
                Map.of(), fetch, ari);
    }
}
