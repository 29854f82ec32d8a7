package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.telephony.AgentChannels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracker replays what a real Asterisk 20 sent during real calls, noise included (Newexten,
 * VarSet, DeviceStateChange, QueueMemberStatus, RTCPSent, Cdr, LocalBridge...).
 */
class RealAsteriskCapturesTest {

    private final List<CallUpdate> updates = new ArrayList<>();
    private final CallTracker tracker = new CallTracker(new AgentChannels("PJSIP/{extension}"),
            Set.of("1001", "1002")::contains, updates::add);

    private CallSnapshot replay(String file) throws IOException {
        AmiTranscript.events(AmiTranscript.CAPTURES.resolve(file)).forEach(tracker::handle);
        assertThat(tracker.registry()).as("no call, channel or bridge left behind").isEqualTo(CallTracker.Registry.EMPTY);
        List<CallSnapshot> ended = updates.stream().filter(u -> u.change() == CallUpdate.Change.ENDED).map(CallUpdate::call).toList();
        assertThat(ended).as("exactly one call ended").hasSize(1);
        return ended.get(0);
    }

    private List<String> ringing() {
        return updates.stream().filter(u -> u.change() == CallUpdate.Change.RINGING).map(CallUpdate::agentExtension).toList();
    }

    @Test
    void pjsipInboundQueueCallAnsweredByAgent1001() throws IOException {
        CallSnapshot call = replay("P01-pjsip-inbound-queue-answered.ami");

        assertThat(call.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.remoteNumber()).isEqualTo("5550123456");
        assertThat(call.localNumber()).isEqualTo("8005551000");
        assertThat(call.queue()).isEqualTo("sales-pjsip");
        assertThat(call.agentExtension()).isEqualTo("1001");
        assertThat(call.pbxKey()).isEqualTo("1795335347.0");
        assertThat(Duration.between(call.startedAt(), call.answeredAt())).isBetween(Duration.ofMillis(2400), Duration.ofMillis(2600));
        assertThat(Duration.between(call.answeredAt(), call.endedAt())).isBetween(Duration.ofMillis(9900), Duration.ofMillis(10100));
        assertThat(call.recordingFile()).isEqualTo("/var/spool/asterisk/monitor/1795335347.0.wav");
        assertThat(ringing()).containsExactly("1001");
        assertThat(updates.stream().map(CallUpdate::change)).containsSubsequence(
                CallUpdate.Change.STARTED, CallUpdate.Change.RINGING, CallUpdate.Change.ANSWERED, CallUpdate.Change.ENDED);
    }

    @Test
    void ringingUpdateCarriesTheCallerBeforeTheAgentAnswers() throws IOException {
        replay("P01-pjsip-inbound-queue-answered.ami");

        CallUpdate ring = updates.stream().filter(u -> u.change() == CallUpdate.Change.RINGING).findFirst().orElseThrow();
        assertThat(ring.call().remoteNumber()).isEqualTo("5550123456");
        assertThat(ring.call().remoteName()).isEqualTo("PSTN Caller");
        assertThat(ring.call().status()).isEqualTo(CallStatus.RINGING);
        assertThat(ring.call().answeredAt()).isNull();
    }

    @Test
    void localChannelQueueCallAnsweredByAgent1001() throws IOException {
        CallSnapshot call = replay("01-inbound-queue-answered.ami");

        assertThat(call.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.remoteNumber()).as("the number the dialplan set, not the raw trunk one").isEqualTo("5550123456");
        assertThat(call.localNumber()).isEqualTo("8005551000");
        assertThat(call.queue()).isEqualTo("sales");
        assertThat(call.agentExtension()).isEqualTo("1001");
        assertThat(Duration.between(call.answeredAt(), call.endedAt()).toSeconds()).isEqualTo(10);
    }

    @Test
    void ringAllQueueAbandonedByTheCallerLeavesBothAgentsRungAndStopped() throws IOException {
        CallSnapshot call = replay("02-inbound-queue-abandoned.ami");

        assertThat(call.status()).isEqualTo(CallStatus.ABANDONED);
        assertThat(call.queue()).isEqualTo("sales-ringall");
        assertThat(call.localNumber()).isEqualTo("8005551001");
        assertThat(call.agentExtension()).isNull();
        assertThat(call.answeredAt()).isNull();
        assertThat(ringing()).containsExactlyInAnyOrder("1001", "1002");
        assertThat(updates.stream().filter(u -> u.change() == CallUpdate.Change.RING_STOPPED).map(CallUpdate::agentExtension))
                .containsExactlyInAnyOrder("1001", "1002");
        assertThat(call.lastRangExtension()).isIn("1001", "1002");
        assertThat(Duration.between(call.startedAt(), call.endedAt()).toSeconds()).isBetween(7L, 9L);
    }

    @Test
    void pjsipClickToCallIsTheAgentsOutboundCallKeyedByTheChannelId() throws IOException {
        CallSnapshot call = replay("P04-pjsip-click-to-call.ami");

        assertThat(call.pbxKey()).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(call.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agentExtension()).isEqualTo("1001");
        assertThat(call.remoteNumber()).isEqualTo("5557778888");
        assertThat(ringing()).as("the agent's own phone ringing for a click-to-call is no screen-pop").isEmpty();
    }

    @Test
    void localChannelClickToCall() throws IOException {
        CallSnapshot call = replay("04-click-to-call.ami");

        assertThat(call.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agentExtension()).isEqualTo("1001");
        assertThat(call.remoteNumber()).isEqualTo("5557778888");
    }

    @Test
    void callDuringWhichChannelsWereListedEndsOnce() throws IOException {
        CallSnapshot call = replay("P06-pjsip-coreshowchannels-during-call.ami");

        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agentExtension()).isEqualTo("1001");
        assertThat(call.remoteNumber()).isEqualTo("5550123456");
    }

    @Test
    void loginCaptureHasNoCalls() throws IOException {
        AmiTranscript.events(AmiTranscript.CAPTURES.resolve("07-login-challenge-coresettings.ami")).forEach(tracker::handle);

        assertThat(updates).isEmpty();
        assertThat(tracker.openCallCount()).isZero();
    }
}
