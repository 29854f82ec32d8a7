package io.callcenter.crm.recordings;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ARI client against an HTTP server that answers as Asterisk's ARI does, and as a bad network does. */
class AriRecordingsTest {

    private static final String FILE = "/ari/recordings/stored/1795435295.26/file";

    private WireMockServer ari;
    private AriRecordings client;
    @TempDir
    Path spool;

    @BeforeEach
    void start() {
        ari = new WireMockServer(wireMockConfig().dynamicPort());
        ari.start();
        client = new AriRecordings(URI.create("http://localhost:" + ari.port() + "/ari"), "crm", "ari-secret-123",
                Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        ari.stop();
    }

    @Test
    void aStoredRecordingIsFetchedWholeWithTheCredentials() throws IOException {
        byte[] audio = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(audio);
        ari.stubFor(get(FILE).withBasicAuth("crm", "ari-secret-123")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/wav").withBody(audio)));
        Path target = spool.resolve("1795435295.26.wav");

        assertThat(client.fetch("1795435295.26", target)).isEqualTo(audio.length);

        assertThat(Files.readAllBytes(target)).isEqualTo(audio);
        assertThat(spool.resolve("1795435295.26.wav.part")).doesNotExist();
        ari.verify(getRequestedFor(urlEqualTo(FILE)).withHeader("Authorization", equalTo("Basic Y3JtOmFyaS1zZWNyZXQtMTIz")));
    }

    @Test
    void aRecordingThePbxDoesNotHoldIsNotFoundAndNothingIsWritten() {
        ari.stubFor(get(FILE).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Recording not found\"}")));
        Path target = spool.resolve("1795435295.26.wav");

        assertThatThrownBy(() -> client.fetch("1795435295.26", target)).isInstanceOf(AriRecordings.NotFound.class)
                .hasMessageContaining("1795435295.26").hasMessageContaining("Recording not found");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusedCredentialsNameTheSettingsToCheck() {
        ari.stubFor(get(FILE).willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"Asterisk REST Interface\"")));
        Path target = spool.resolve("1795435295.26.wav");

        assertThatThrownBy(() -> client.fetch("1795435295.26", target)).isNotInstanceOf(AriRecordings.NotFound.class)
                .hasMessageContaining("401").hasMessageContaining("crm.recordings.ari.password");
        assertThat(target).doesNotExist();
    }

    @Test
    void aPbxThatDoesNotAnswerInTimeIsGivenUpWithoutAFile() {
        ari.stubFor(get(FILE).willReturn(aResponse().withStatus(200).withBody(new byte[1000]).withFixedDelay(3000)));
        Path target = spool.resolve("1795435295.26.wav");

        assertThatThrownBy(() -> client.fetch("1795435295.26", target)).hasMessageContaining("crm.recordings.ari.read-timeout");
        assertThat(target).doesNotExist();
        assertThat(spool.resolve("1795435295.26.wav.part")).doesNotExist();
    }

    @Test
    void aFileThatTricklesSlowerThanTheReadTimeoutIsGivenUpWithoutAFile() {
        ari.stubFor(get(FILE).willReturn(aResponse().withStatus(200).withBody(new byte[50_000]).withChunkedDribbleDelay(5, 4000)));
        Path target = spool.resolve("1795435295.26.wav");

        assertThatThrownBy(() -> client.fetch("1795435295.26", target)).hasMessageContaining("crm.recordings.ari.read-timeout");
        assertThat(target).doesNotExist();
        assertThat(spool.resolve("1795435295.26.wav.part")).doesNotExist();
    }

    @Test
    void aCutOffAnswerLeavesTheEarlierFileUntouched() throws IOException {
        ari.stubFor(get(FILE).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        Path target = spool.resolve("1795435295.26.wav");

        assertThatThrownBy(() -> client.fetch("1795435295.26", target)).hasMessageContaining("cut off");
        assertThat(target).doesNotExist();

        ari.stubFor(get(FILE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> client.fetch("1795435295.26", target)).isInstanceOf(IOException.class);
        assertThat(target).doesNotExist();
        assertThat(spool.resolve("1795435295.26.wav.part")).doesNotExist();
    }

    @Test
    void deletingIsDoneWhenThePbxNoLongerHoldsTheFile() throws IOException {
        ari.stubFor(delete("/ari/recordings/stored/1795435295.26").willReturn(aResponse().withStatus(204)));
        ari.stubFor(delete("/ari/recordings/stored/gone").willReturn(aResponse().withStatus(404)));
        ari.stubFor(delete("/ari/recordings/stored/locked").willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Error deleting\"}")));

        assertThat(client.delete("1795435295.26")).isTrue();
        assertThat(client.delete("gone")).isTrue();
        assertThatThrownBy(() -> client.delete("locked")).hasMessageContaining("500").hasMessageContaining("Error deleting");
        ari.verify(deleteRequestedFor(urlEqualTo("/ari/recordings/stored/1795435295.26")));
    }

    @Test
    void aStoredRecordingIsNamedByItsPathUnderTheRecordingFolderWithoutExtension() {
        assertThat(AriRecordings.nameOf("/var/spool/asterisk/recording/1795435295.26.wav", "/var/spool/asterisk/recording"))
                .isEqualTo("1795435295.26");
        assertThat(AriRecordings.nameOf("/var/spool/asterisk/recording/sales/1795435295.26.wav", "/var/spool/asterisk/recording/"))
                .isEqualTo("sales/1795435295.26");
        assertThatThrownBy(() -> AriRecordings.nameOf("/var/spool/asterisk/monitor/1.wav", "/var/spool/asterisk/recording"))
                .hasMessageContaining("crm.recordings.asterisk-dir");
        assertThatThrownBy(() -> AriRecordings.nameOf("/var/spool/asterisk/recording/noext", "/var/spool/asterisk/recording"))
                .hasMessageContaining("no extension");
    }
}
