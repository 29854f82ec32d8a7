package io.callcenter.crm.recordings;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Recording files no call queued: matched to their call by the Uniqueid in their name, or listed for administrators. */
class RecordingOrphansIT extends ApplicationIT {

    @Autowired RecordingOrphans orphans;
    @Autowired RecordingIngest ingest;
    @Autowired CallLog callLog;
    @Autowired io.callcenter.pbxsim.PbxSimulator pbx;

    @Test
    void aFileOfACallThatEndedWhileTheCrmWasDownIsMatchedByItsUniqueidAndStored() throws Exception {
        // the call was closed at the reconnect, its MixMonitor file name never heard (the CRM was down then)
        String uniqueid = uniqueid();
        Instant start = Instant.now().minusSeconds(600);
        Call call = callLog.record(new CallSnapshot(uniqueid, CallDirection.INBOUND, CallStatus.ANSWERED, "5550190000", "Down Time",
                "8005551000", "1001", "sales", start, start.plusSeconds(4), start.plusSeconds(90), "1001", null)).call();
        Path file = spoolFile(uniqueid, Duration.ofMinutes(5));

        RecordingOrphans.Scan scan = orphans.scan();

        assertThat(scan.matched()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> callLog.find(call.id()).orElseThrow().recordingId() != null);
        assertThat(file).as("stored, then gone from the spool").doesNotExist();
        assertThat(orphans.list(0, 500)).noneMatch(o -> o.asteriskFile().endsWith(uniqueid + ".wav"));
    }

    @Test
    void aFileNoCallClaimsIsListedForAdministratorsUntilItGoes() throws Exception {
        String uniqueid = uniqueid();
        Path file = spoolFile(uniqueid, Duration.ofHours(1));

        orphans.scan();

        assertThat(orphans.list(0, 500)).filteredOn(o -> o.asteriskFile().equals("/var/spool/asterisk/monitor/" + uniqueid + ".wav"))
                .singleElement().satisfies(o -> {
                    assertThat(o.reason()).contains("no call has the Uniqueid " + uniqueid);
                    assertThat(o.sizeBytes()).isEqualTo(Files.size(file));
                    assertThat(o.firstSeenAt()).isBefore(Instant.now().minus(Duration.ofMinutes(50)));
                });
        assertThat(file).as("kept on the PBX: it may be someone's call").exists();

        Files.delete(file);
        orphans.scan();
        assertThat(orphans.list(0, 500)).noneMatch(o -> o.asteriskFile().endsWith(uniqueid + ".wav"));
    }

    @Test
    void theFileOfACallStillGoingOnIsNeitherQueuedNorListed() throws Exception {
        String uniqueid = uniqueid();
        Instant start = Instant.now().minusSeconds(1800);
        Call live = callLog.record(new CallSnapshot(uniqueid, CallDirection.INBOUND, CallStatus.ANSWERED, "5550190001", "Long Talker",
                "8005551000", "1002", "sales", start, start.plusSeconds(4), null, "1002", null)).call();
        Path file = spoolFile(uniqueid, Duration.ofMinutes(30));
        try {
            orphans.scan();

            assertThat(orphans.list(0, 500)).noneMatch(o -> o.asteriskFile().endsWith(uniqueid + ".wav"));
            assertThat(callLog.find(live.id()).orElseThrow().recordingId()).isNull();
            assertThat(file).exists();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void transfersAndPickupsLeaveNoFileUnclaimed() throws Exception {
        String blind = "555" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        String attended = "555" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        pbx.play(() -> pbx.calls().blindTransfer(blind, "Blind Moved", "8005551000", "1001", "1002", 0.5, 0.5));
        pbx.play(() -> pbx.calls().attendedTransfer(attended, "Attended Moved", "8005551000", "1002", "1001", 0.5, 0.5));
        java.util.function.Function<String, java.util.List<Call>> callsOf = n -> callLog.search(io.callcenter.crm.calls.CallFilter.all()
                .withNumber(n), 0, 10);
        await().atMost(Duration.ofSeconds(40)).until(() -> java.util.stream.Stream.of(blind, attended)
                .allMatch(n -> !callsOf.apply(n).isEmpty() && callsOf.apply(n).stream().allMatch(c -> c.endedAt() != null
                        && (c.recordingFile() == null || c.recordingId() != null))));

        orphans.scan();

        for (String n : java.util.List.of(blind, attended)) {
            Call moved = callsOf.apply(n).stream().filter(c -> c.direction() == CallDirection.INBOUND).findFirst().orElseThrow();
            assertThat(moved.recordingId()).as("the caller's recording is the call's").isNotNull();
            assertThat(callsOf.apply(n)).as("every call of it is stored or has no recording").allSatisfy(c ->
                    assertThat(c.recordingFile() == null || c.recordingId() != null).isTrue());
            String uniqueid = RecordingFiles.uniqueidOf(moved.recordingFile());
            assertThat(orphans.list(0, 500)).noneMatch(o -> o.asteriskFile().contains(uniqueid));
        }
    }

    /** A WAV file in the spool as MixMonitor leaves it, last written {@code ago}. */
    private Path spoolFile(String uniqueid, Duration ago) throws Exception {
        Path file = ingest.spoolFile("/var/spool/asterisk/monitor/" + uniqueid + ".wav");
        Files.createDirectories(file.getParent());
        Files.write(file, io.callcenter.pbxsim.Wav.tone(0.5, 440));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(ago)));
        return file;
    }

    private static String uniqueid() {
        return "17" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999) + "." + ThreadLocalRandom.current().nextInt(1, 999);
    }
}
