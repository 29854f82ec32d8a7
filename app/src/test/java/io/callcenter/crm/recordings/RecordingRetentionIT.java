package io.callcenter.crm.recordings;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.recordings.storage.ObjectStore;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Recordings past their retention go from the store, unless their call is under legal hold. */
class RecordingRetentionIT extends ApplicationIT {

    @Autowired PbxSimulator pbx;
    @Autowired CallLog callLog;
    @Autowired Contacts contacts;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectStore store;
    @Autowired RecordingRetention retention;
    @LocalServerPort int port;

    @Test
    void aRecordingPastItsRetentionIsDeletedUnlessItsCallIsUnderLegalHold() throws Exception {
        Call old = recordedCall("sales");
        Call held = recordedCall("sales");
        startedDaysAgo(old, 400);
        startedDaysAgo(held, 400);
        assertThat(put("alice", held.id(), true)).as("agents place no legal hold").isEqualTo(403);
        assertThat(put("sam", held.id(), true)).isEqualTo(200);

        int deleted = retention.deleteExpired();

        assertThat(deleted).isPositive();
        assertThat(deletedAt(old)).isNotNull();
        assertThat(deletedAt(held)).as("held").isNull();
        assertThatThrownBy(() -> store.open(key(old), 0, 10).readAllBytes()).as("gone from the store");
        assertThat(store.open(key(held), 0, 4).readAllBytes()).isEqualTo("RIFF".getBytes(StandardCharsets.US_ASCII));
        assertThat(get("sam", "/api/recordings/" + old.recordingId() + "/audio")).as("gone, and said so").isEqualTo(410);
        assertThat(retention.deleteExpired()).as("safe to run again").isZero();
    }

    @Test
    void aQueueKeepsItsRecordingsForItsOwnRetention() throws Exception {
        Call sales = recordedCall("sales");
        startedDaysAgo(sales, 20);
        RecordingRetention tenDaysForSales = new RecordingRetention(jdbc, store,
                new RecordingsProperties("/var/spool/asterisk/monitor", null, Duration.ofSeconds(2), Duration.ofSeconds(2), 365,
                        Map.of("sales", 10), RecordingsProperties.Fetch.SPOOL, null), Optional.empty());
        RecordingRetention defaults = retention;

        assertThat(defaults.deleteExpired()).as("20 days is within the default 365").isZero();
        assertThat(tenDaysForSales.deleteExpired()).isEqualTo(1);
        assertThat(deletedAt(sales)).isNotNull();
    }

    private Call recordedCall(String queue) {
        String number = "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
        pbx.play(() -> pbx.calls().queueAnswered(number, "Kept Or Not", "8005551000", queue, "1001", 0.2, 0.3));
        await().atMost(Duration.ofSeconds(40)).until(() -> call(number).filter(c -> c.recordingId() != null).isPresent());
        return call(number).orElseThrow();
    }

    private Optional<Call> call(String number) {
        return contacts.findByPhone(new PhoneNumber("+1" + number)).stream().findFirst()
                .flatMap(c -> callLog.search(new CallFilter(c.id(), null, null, null, null, null), 0, 1).stream().findFirst());
    }

    private void startedDaysAgo(Call call, int days) {
        jdbc.sql("update calls set started_at = started_at - make_interval(days => :d) where id = :id")
                .param("d", days).param("id", call.id()).update();
    }

    private java.sql.Timestamp deletedAt(Call call) {
        return jdbc.sql("select deleted_at from recordings where call_id = :id").param("id", call.id())
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1))).single().orElse(null);
    }

    private String key(Call call) {
        return jdbc.sql("select object_key from recordings where call_id = :id").param("id", call.id()).query(String.class).single();
    }

    private int put(String user, long callId, boolean held) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/recordings/calls/"
                        + callId + "/legal-hold")).header("Authorization", auth(user)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"held\": " + held + "}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int get(String user, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", auth(user)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String auth(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }
}
