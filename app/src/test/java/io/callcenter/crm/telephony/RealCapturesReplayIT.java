package io.callcenter.crm.telephony;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each real Asterisk 20 capture sent, byte for byte, over the AMI socket to the running CRM: through the
 * same reader, connector, tracker, lanes and database a live PBX goes through.
 */
class RealCapturesReplayIT extends ApplicationIT {

    private static final Path CAPTURES = Path.of("..", "telephony-bridge", "src", "test", "resources", "ami-transcripts");

    @Autowired PbxSimulator pbx;
    @Autowired AmiConnector ami;
    @Autowired CallLog callLog;

    /** Each capture, and every call it leaves: direction, outcome, agent, number, talk seconds (as its README notes tell). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "R01-pjsip-click-to-call-agent-no-answer            | OUTBOUND FAILED bob +15557778888 - AGENT_NO_ANSWER",
            "R02-pjsip-click-to-call-outbound-busy              | OUTBOUND BUSY alice +15557778888 - BUSY",
            "R03-pjsip-agent-phone-dials-out-carrier-503        | OUTBOUND FAILED alice +15557778888 - CONGESTION",
            "R04-pjsip-queuepause-then-inbound                  | INBOUND ANSWERED bob +12125550100 5",
            "R05-pjsip-queue-two-waiting-status-summary-abandon | INBOUND ABANDONED - +12125550100 -; INBOUND ANSWERED alice +12125550100 5",
            "R06-pjsip-chanspy-listen-qE                        | INBOUND ANSWERED alice +12125550100 15",
            "R06b-pjsip-chanspy-whisper-qwE                     | INBOUND ANSWERED alice +12125550100 15",
            "R06c-pjsip-chanspy-barge-qBE                       | INBOUND ANSWERED alice +12125550100 15",
            "R07-pjsip-mixmonitormute-pause-resume              | INBOUND ANSWERED alice +12125550100 15",
            "R08-pjsip-atxfer-then-hangup-action                | INBOUND ANSWERED bob +12125550100 17",
            "R10-pjsip-park-and-retrieve                        | INBOUND ANSWERED bob +12125550100 12"})
    void everyCallOfTheCaptureIsStoredAsItHappened(String capture, String expected) throws Exception {
        List<Call> calls = replay(capture.trim());

        assertThat(calls).extracting(c -> c.direction() + " " + c.status() + " " + (c.agent() == null ? "-" : c.agent()) + " "
                        + c.remoteNumber() + " " + (c.talkSeconds() == null ? "-" : c.talkSeconds())
                        + (c.endCause() == null ? "" : " " + c.endCause()))
                .containsExactlyInAnyOrder(expected.trim().split("; "));
        assertThat(calls).as("every end was seen as it happened").noneMatch(Call::endApproximate);
    }

    @Test
    void aCallThatEndsWhileTheClientIsAwayIsClosedAtTheReconnectAndSaysItsEndIsApproximate() throws Exception {
        // R09a: the client's connection ends mid-call, after the answer; the call then ends unseen
        String wire = Files.readString(CAPTURES.resolve("R09a-pjsip-disconnect-mid-call.ami"), StandardCharsets.UTF_8);
        Set<String> keys = linkedIds(wire);
        send(wire);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(keys).stream().anyMatch(c -> c.answeredAt() != null));
        assertThat(calls(keys)).allMatch(c -> c.endedAt() == null);

        // R09b: the next session lists no channel (the PBX simulator has none): the call is gone
        pbx.dropConnections();

        await().atMost(Duration.ofSeconds(20)).until(() -> calls(keys).stream().allMatch(c -> c.endedAt() != null));
        Call call = calls(keys).get(0);
        assertThat(call.status().name()).isEqualTo("ANSWERED");
        assertThat(call.agent()).isEqualTo("alice");
        assertThat(call.endApproximate()).isTrue();
    }

    private void send(String wire) {
        await().atMost(Duration.ofSeconds(20)).until(ami::connected);
        pbx.sendRaw(wire.substring(wire.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> linkedIds(String wire) {
        Set<String> keys = new LinkedHashSet<>();
        for (String line : wire.split("\r?\n")) {
            if (line.startsWith("Linkedid: ")) {
                keys.add(line.substring("Linkedid: ".length()).trim());
            }
        }
        return keys;
    }

    private List<Call> replay(String capture) throws IOException {
        String wire = Files.readString(CAPTURES.resolve(capture + ".ami"), StandardCharsets.UTF_8);
        Set<String> keys = linkedIds(wire);
        send(wire);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<Call> found = calls(keys);
            return !found.isEmpty() && found.stream().allMatch(c -> c.endedAt() != null);
        });
        return calls(keys);
    }

    private List<Call> calls(Set<String> keys) {
        return keys.stream().map(callLog::findByPbxKey).flatMap(Optional::stream).toList();
    }
}
