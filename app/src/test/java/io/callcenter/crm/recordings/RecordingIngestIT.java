package io.callcenter.crm.recordings;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.pbxsim.PbxSimulator;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.MinioClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A recorded call's file, from the PBX's spool into the embedded S3 store, verified and attached to its call. */
class RecordingIngestIT extends ApplicationIT {

    @Autowired PbxSimulator pbx;
    @Autowired CallLog callLog;
    @Autowired Contacts contacts;
    @Autowired JdbcClient jdbc;
    @Autowired RecordingIngest ingest;
    @Autowired Environment env;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;
    @Autowired io.callcenter.crm.recordings.storage.ObjectStore store;

    @Test
    void aRecordedCallsFileIsStoredVerifiedAttachedToItsCallAndLeavesTheSpool() throws Exception {
        String number = number();
        pbx.play(() -> pbx.calls().queueAnswered(number, "Recorded Caller", "8005551000", "sales", "1001", 0.3, 1));

        Call call = awaitEnded(number);
        Path spoolFile = ingest.spoolFile(call.recordingFile());
        await().atMost(Duration.ofSeconds(30)).until(() -> callLog.find(call.id()).orElseThrow().recordingId() != null);

        Map<String, Object> stored = jdbc.sql("select object_key, size_bytes, sha256, content_type from recordings where call_id = :c")
                .param("c", call.id()).query().singleRow();
        assertThat(stored.get("content_type")).isEqualTo("audio/wav");
        byte[] object = download((String) stored.get("object_key"));
        assertThat((long) object.length).isEqualTo(((Number) stored.get("size_bytes")).longValue()).isGreaterThan(44L);
        assertThat(sha256(object)).isEqualTo(stored.get("sha256"));
        assertThat(new String(object, 0, 4)).isEqualTo("RIFF");
        var stat = client().statObject(io.minio.StatObjectArgs.builder().bucket(bucket()).object((String) stored.get("object_key")).build());
        assertThat(stat.userMetadata()).containsEntry("call-id", String.valueOf(call.id())).containsEntry("agent", "alice")
                .containsEntry("remote-number", "+1" + number).containsEntry("local-number", "+18005551000")
                .containsEntry("format", "wav").containsEntry("size-bytes", String.valueOf(object.length))
                .containsEntry("sha256", (String) stored.get("sha256")).containsKeys("started-at", "duration-seconds");
        assertThat(spoolFile).as("deleted once stored").doesNotExist();
        assertThat(jdbc.sql("select count(*) from recording_ingest where call_id = :c").param("c", call.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void aFileThatIsNotInTheSpoolYetIsWaitedForAndStoredWhenItComes() throws Exception {
        String number = number();
        // the PBX writes its recordings where this node does not see them yet, as on a spool mounted late
        Path aside = Files.createTempDirectory("late");
        pbx.writeRecordingsTo(aside);
        Call call;
        try {
            pbx.play(() -> pbx.calls().queueAnswered(number, "Late File", "8005551000", "sales", "1002", 0.3, 2));
            call = awaitEnded(number);
        } finally {
            pbx.writeRecordingsToTheSpool();
        }
        Path spoolFile = ingest.spoolFile(call.recordingFile());
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select attempts from recording_ingest where call_id = :c")
                .param("c", call.id()).query(Integer.class).optional().orElse(0) > 0);
        assertThat(callLog.find(call.id()).orElseThrow().recordingId()).isNull();

        // the spool is mounted
        Files.move(aside.resolve(spoolFile.getFileName()), spoolFile);

        await().atMost(Duration.ofSeconds(30)).until(() -> callLog.find(call.id()).orElseThrow().recordingId() != null);
        assertThat(spoolFile).doesNotExist();
    }

    @Test
    void aStoreThatRefusesKeepsTheFileInTheSpoolUntilItTakesIt() throws Exception {
        // the bucket is gone (a store wiped or misconfigured): every put is refused
        MinioClient client = client();
        String bucket = bucket();
        for (var item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(item.get().objectName()).build());
        }
        client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        try {
            String number = number();
            pbx.play(() -> pbx.calls().queueAnswered(number, "Store Down", "8005551000", "sales", "1001", 0.3, 0.5));
            Call call = awaitEnded(number);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select attempts from recording_ingest where call_id = :c")
                    .param("c", call.id()).query(Integer.class).optional().orElse(0) > 0);
            assertThat(ingest.spoolFile(call.recordingFile())).as("kept while the store refuses").exists();
            assertThat(callLog.find(call.id()).orElseThrow().recordingId()).isNull();

            // the store is back
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());

            await().atMost(Duration.ofSeconds(30)).until(() -> callLog.find(call.id()).orElseThrow().recordingId() != null);
            String sha = jdbc.sql("select sha256 from recordings where call_id = :c").param("c", call.id()).query(String.class).single();
            assertThat(sha256(download("calls/" + call.id() + "/" + ingest.spoolFile(call.recordingFile()).getFileName()))).isEqualTo(sha);
            assertThat(ingest.spoolFile(call.recordingFile())).doesNotExist();
        } finally {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        }
    }

    @Test
    void withoutASharedFolderTheFileIsFetchedOverAriStoredAndDeletedFromThePbx() throws Exception {
        Path ariRoot = Files.createTempDirectory("ari");
        Files.createDirectories(ariRoot.resolve("__files"));
        WireMockServer ari = new WireMockServer(wireMockConfig().dynamicPort().usingFilesUnderDirectory(ariRoot.toString()));
        ari.start();
        try {
            ari.stubFor(delete(urlPathMatching("/ari/recordings/stored/[^/]+")).willReturn(aResponse().withStatus(204)));
            Path staging = Files.createTempDirectory("ari-staging");
            RecordingsProperties props = new RecordingsProperties("/var/spool/asterisk/monitor", staging, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), 365, Map.of(), RecordingsProperties.Fetch.ARI, new RecordingsProperties.Ari(
                    java.net.URI.create("http://localhost:" + ari.port() + "/ari"), "crm", "ari-secret-123",
                    Duration.ofSeconds(2), Duration.ofSeconds(5)));
            // a minute ahead: the rows the running node has put off (it finds no file in its shared folder) are due here
            RecordingIngest overAri = new RecordingIngest(jdbc, tx, store, props, staging,
                    Optional.of(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(1))));

            String number = number();
            // the file is on the PBX only, in the folder ARI serves
            pbx.writeRecordingsTo(ariRoot.resolve("__files"));
            Call call;
            try {
                pbx.play(() -> pbx.calls().queueAnswered(number, "Fetched Caller", "8005551000", "sales", "1001", 0.3, 2));
                call = awaitEnded(number);
            } finally {
                pbx.writeRecordingsToTheSpool();
            }
            String name = Path.of(call.recordingFile()).getFileName().toString().replace(".wav", "");
            byte[] audio = Files.readAllBytes(ariRoot.resolve("__files").resolve(name + ".wav"));
            assertThat(ingest.spoolFile(call.recordingFile())).as("not in the shared folder").doesNotExist();
            ari.stubFor(get("/ari/recordings/stored/" + name + "/file").withBasicAuth("crm", "ari-secret-123")
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/wav").withBodyFile(name + ".wav")));

            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from recording_ingest where call_id = :c")
                    .param("c", call.id()).query(Long.class).single() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                overAri.ingestDue();
                return callLog.find(call.id()).orElseThrow().recordingId() != null;
            });

            String sha = jdbc.sql("select sha256 from recordings where call_id = :c").param("c", call.id()).query(String.class).single();
            assertThat(sha).isEqualTo(sha256(audio));
            assertThat(sha256(download("calls/" + call.id() + "/" + name + ".wav"))).isEqualTo(sha);
            ari.verify(deleteRequestedFor(urlEqualTo("/ari/recordings/stored/" + name)));
            assertThat(staging.resolve(name + ".wav")).as("the fetched copy is deleted once stored").doesNotExist();
        } finally {
            ari.stop();
        }
    }

    @Test
    void twoNodesSeeingTheSameFileStoreItOnceAndTheOneStoringItHoldsItFromTheOther() throws Exception {
        // two more nodes on the same database, spool and store; their clocks a minute ahead: the row is due for
        // them, not yet for the running node
        RecordingsProperties props = new RecordingsProperties("/var/spool/asterisk/monitor", ingest.spoolFile("/var/spool/asterisk/monitor/x.wav").getParent(),
                Duration.ofSeconds(2), Duration.ofSeconds(2), 365, Map.of(), RecordingsProperties.Fetch.SPOOL, null);
        java.time.Clock ahead = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(1));
        RecordingIngest nodeB = new RecordingIngest(jdbc, tx, store, props, Path.of("unused"), Optional.of(ahead));
        RecordingIngest nodeC = new RecordingIngest(jdbc, tx, store, props, Path.of("unused"), Optional.of(ahead));

        String uniqueid = "17" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999) + ".7";
        String asteriskFile = "/var/spool/asterisk/monitor/" + uniqueid + ".wav";
        java.time.Instant start = java.time.Instant.now().minusSeconds(300);
        Call call = callLog.record(new io.callcenter.crm.calls.CallSnapshot(uniqueid, io.callcenter.crm.calls.CallDirection.INBOUND,
                io.callcenter.crm.calls.CallStatus.ANSWERED, number(), "Two Nodes", "8005551000", "1001", "sales", start,
                start.plusSeconds(3), start.plusSeconds(60), "1001", null)).call();
        Path file = ingest.spoolFile(asteriskFile);
        Files.createDirectories(file.getParent());
        Files.write(file, io.callcenter.pbxsim.Wav.speechLike(3, 7));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(start.plusSeconds(60)));
        jdbc.sql("""
                insert into recording_ingest (call_id, asterisk_file, next_attempt_at, created_at)
                values (:call, :file, now() + interval '30 seconds', now())""").param("call", call.id()).param("file", asteriskFile).update();

        // node B is storing it (its transaction holds the row): node C passes it by
        java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread storing = new Thread(() -> tx.executeWithoutResult(status -> {
            jdbc.sql("select call_id from recording_ingest where call_id = :c for update").param("c", call.id()).query().singleRow();
            taken.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        storing.start();
        taken.await();
        assertThat(java.util.concurrent.CompletableFuture.supplyAsync(nodeC::ingestDue).get(20, java.util.concurrent.TimeUnit.SECONDS)
                .stored()).as("passed by, not waited for").isZero();
        assertThat(file).exists();
        release.countDown();
        storing.join();

        // both at once, twice over: one recording, one object, the file gone
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> passes = new java.util.ArrayList<>();
            for (RecordingIngest node : java.util.List.of(nodeB, nodeC, nodeB, nodeC)) {
                passes.add(nodes.submit(() -> {
                    together.await();
                    return node.ingestDue().stored();
                }));
            }
            for (var pass : passes) {
                pass.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from recordings where call_id = :c").param("c", call.id()).query(Long.class).single())
                .isEqualTo(1);
        assertThat(callLog.find(call.id()).orElseThrow().recordingId()).isNotNull();
        assertThat(file).doesNotExist();
        var objects = client().listObjects(ListObjectsArgs.builder().bucket(bucket()).prefix("calls/" + call.id() + "/").recursive(true).build());
        int count = 0;
        for (var ignored : objects) {
            count++;
        }
        assertThat(count).as("one object for the call").isEqualTo(1);
    }

    private MinioClient client() {
        return MinioClient.builder().endpoint(env.getProperty("crm.storage.endpoint"))
                .credentials(env.getProperty("crm.storage.access-key"), env.getProperty("crm.storage.secret-key")).build();
    }

    private String bucket() {
        return env.getProperty("crm.storage.bucket", "recordings");
    }

    private byte[] download(String key) throws Exception {
        try (InputStream in = client().getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private java.util.List<Call> calls(String number) {
        Optional<io.callcenter.crm.contacts.Contact> contact = contacts.findByPhone(new PhoneNumber("+1" + number)).stream().findFirst();
        return contact.map(c -> callLog.search(new CallFilter(c.id(), null, null, null, null, null), 0, 10)).orElse(java.util.List.of());
    }

    private Call awaitEnded(String number) {
        await().atMost(Duration.ofSeconds(30)).until(() -> calls(number).stream().anyMatch(c -> c.endedAt() != null));
        return calls(number).get(0);
    }

    private static String number() {
        return "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
    }
}
