package io.callcenter.crm.api;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.recordings.Recordings;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/recordings/{id}/audio}: who may hear a recording, seeking with Range, and the access log. */
class RecordingsApiIT extends ApplicationIT {

    @Autowired PbxSimulator pbx;
    @Autowired CallLog callLog;
    @Autowired Contacts contacts;
    @Autowired Recordings recordings;
    @LocalServerPort int port;

    /** One recorded call alice took, for every case. */
    private static Call call;

    @BeforeEach
    void aliceTookARecordedCall() {
        if (call != null) {
            return;
        }
        String number = "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
        pbx.play(() -> pbx.calls().queueAnswered(number, "Heard Later", "8005551000", "sales", "1001", 0.3, 0.5));
        await().atMost(Duration.ofSeconds(40)).until(() -> contacts.findByPhone(new PhoneNumber("+1" + number)).stream().findFirst()
                .flatMap(c -> callLog.search(new CallFilter(c.id(), null, null, null, null, null), 0, 1).stream().findFirst())
                .filter(c -> c.recordingId() != null).isPresent());
        call = contacts.findByPhone(new PhoneNumber("+1" + number)).stream().findFirst()
                .flatMap(c -> callLog.search(new CallFilter(c.id(), null, null, null, null, null), 0, 1).stream().findFirst())
                .orElseThrow();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"alice, 200", "bob, 403", "sam, 200", "mia, 200", "admin, 403"})
    void theAgentOfTheCallSupervisorsAndManagersHearItAndEveryAttemptIsLogged(String user, int expected) throws Exception {
        HttpResponse<byte[]> response = get(user, audio(call.recordingId()), null);

        assertThat(response.statusCode()).isEqualTo(expected);
        var logged = recordings.accessLog(0, 20).stream()
                .filter(a -> a.username().equals(user) && a.recordingId().toString().equals(call.recordingId())).toList();
        assertThat(logged).isNotEmpty();
        assertThat(logged.get(0).allowed()).isEqualTo(expected == 200);
        assertThat(logged.get(0).action()).isEqualTo(Recordings.Action.LISTEN);
        assertThat(logged.get(0).callId()).isEqualTo(call.id());
        if (expected == 200) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/wav");
            assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
            assertThat(new String(response.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        }
    }

    @Test
    void aPlayerSeeksWithRange() throws Exception {
        byte[] whole = get("alice", audio(call.recordingId()), null).body();

        HttpResponse<byte[]> first = get("alice", audio(call.recordingId()), "bytes=0-99");
        HttpResponse<byte[]> middle = get("alice", audio(call.recordingId()), "bytes=1000-");
        HttpResponse<byte[]> last = get("alice", audio(call.recordingId()), "bytes=-10");
        HttpResponse<byte[]> beyond = get("alice", audio(call.recordingId()), "bytes=" + whole.length + "-");

        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + whole.length);
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(whole, 0, 100));
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, whole.length));
        assertThat(last.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 10, whole.length));
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + whole.length);
    }

    @Test
    void aDownloadIsAnAttachmentAndLoggedAsOne() throws Exception {
        HttpResponse<byte[]> response = get("sam", audio(call.recordingId()) + "?download=true", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"call-" + call.id() + ".wav\"");
        assertThat(recordings.accessLog(0, 5)).anySatisfy(a -> {
            assertThat(a.username()).isEqualTo("sam");
            assertThat(a.action()).isEqualTo(Recordings.Action.DOWNLOAD);
        });
    }

    @Test
    void itsMetadataIsForThoseWhoMayHearIt() throws Exception {
        HttpResponse<byte[]> sam = get("sam", "/api/recordings/" + call.recordingId(), null);
        HttpResponse<byte[]> bob = get("bob", "/api/recordings/" + call.recordingId(), null);

        assertThat(sam.statusCode()).isEqualTo(200);
        assertThat(new String(sam.body(), StandardCharsets.UTF_8)).contains("\"callId\":" + call.id()).contains("\"sha256\":\"")
                .contains("\"contentType\":\"audio/wav\"");
        assertThat(bob.statusCode()).isEqualTo(403);
    }

    @Test
    void anIdThatIsNoRecordingIsNamed() throws Exception {
        assertThat(get("sam", audio(UUID.randomUUID().toString()), null).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> bad = get("sam", audio("42"), null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("\"field\":\"id\"");
    }

    private static String audio(String id) {
        return "/api/recordings/" + id + "/audio";
    }

    private HttpResponse<byte[]> get(String user, String path, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        if (range != null) {
            request.header("Range", range);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
