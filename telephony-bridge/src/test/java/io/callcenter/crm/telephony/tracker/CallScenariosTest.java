package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.telephony.AgentChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.callcenter.crm.telephony.tracker.CallUpdate.Change.ANSWERED;
import static io.callcenter.crm.telephony.tracker.CallUpdate.Change.ENDED;
import static io.callcenter.crm.telephony.tracker.CallUpdate.Change.RINGING;
import static io.callcenter.crm.telephony.tracker.CallUpdate.Change.RING_STOPPED;
import static io.callcenter.crm.telephony.tracker.CallUpdate.Change.STARTED;
import static io.callcenter.crm.telephony.tracker.CallUpdate.Change.TRANSFERRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Scenarios the captures do not cover, written as the event sequences Asterisk 20 documents for them
 * (headers trimmed to those that carry meaning; the captures show the noise is ignored).
 */
class CallScenariosTest {

    private final List<CallUpdate> updates = new ArrayList<>();
    private final CallTracker tracker = new CallTracker(new AgentChannels("PJSIP/{extension}"),
            Set.of("1001", "1002", "1003")::contains, updates::add);
    private double clock = 1_800_000_000.0;

    /** An event at the next tick of a fake PBX clock; {@code after} seconds since the previous one. */
    @AfterEach
    void nothingIsLeftBehindOnceEveryCallHasEnded() {
        if (tracker.openCallCount() == 0) {
            assertThat(tracker.registry()).as("channels and bridges of ended calls").isEqualTo(CallTracker.Registry.EMPTY);
        }
    }

    private void at(double after, String event, String... headers) {
        clock += after;
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Timestamp", String.format(java.util.Locale.ROOT, "%.6f", clock));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        tracker.handle(new AmiEvent(event, map, Instant.EPOCH));
    }

    private void channel(String name, String uniqueid, String linkedid, String callerNum, String exten) {
        at(0.01, "Newchannel", "Channel", name, "Uniqueid", uniqueid, "Linkedid", linkedid, "CallerIDNum", callerNum,
                "CallerIDName", "<unknown>", "Exten", exten, "Context", "from-trunk");
    }

    private void hangup(String name, String uniqueid, String linkedid) {
        at(0.01, "Hangup", "Channel", name, "Uniqueid", uniqueid, "Linkedid", linkedid, "Cause", "16");
    }

    private void bridge(String bridge, String name, String uniqueid, String linkedid) {
        at(0.01, "BridgeEnter", "BridgeUniqueid", bridge, "Channel", name, "Uniqueid", uniqueid, "Linkedid", linkedid);
    }

    private void dial(String event, String from, String fromId, String linkedid, String to, String toId, String... more) {
        List<String> h = new ArrayList<>(List.of("Channel", from, "Uniqueid", fromId, "Linkedid", linkedid,
                "DestChannel", to, "DestUniqueid", toId, "DestLinkedid", linkedid));
        h.addAll(List.of(more));
        at(0.01, event, h.toArray(String[]::new));
    }

    private CallSnapshot ended(String key) {
        return updates.stream().filter(u -> u.change() == ENDED && u.call().pbxKey().equals(key))
                .map(CallUpdate::call).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no ENDED for " + key + " in " + updates));
    }

    private List<String> changes(CallUpdate.Change change) {
        return updates.stream().filter(u -> u.change() == change).map(CallUpdate::agentExtension).toList();
    }

    @Test
    void directInboundCallNobodyAnswersIsMissedAndRemembersWhoRang() {
        channel("PJSIP/carrier-00000001", "1.1", "1.1", "+15550100001", "1002");
        channel("PJSIP/1002-00000002", "1.2", "1.1", "1002", "s");
        dial("DialBegin", "PJSIP/carrier-00000001", "1.1", "1.1", "PJSIP/1002-00000002", "1.2");
        dial("DialEnd", "PJSIP/carrier-00000001", "1.1", "1.1", "PJSIP/1002-00000002", "1.2", "DialStatus", "NOANSWER");
        hangup("PJSIP/1002-00000002", "1.2", "1.1");
        hangup("PJSIP/carrier-00000001", "1.1", "1.1");

        CallSnapshot call = ended("1.1");
        assertThat(call.status()).isEqualTo(CallStatus.MISSED);
        assertThat(call.lastRangExtension()).isEqualTo("1002");
        assertThat(call.remoteNumber()).isEqualTo("+15550100001");
        assertThat(changes(RINGING)).containsExactly("1002");
        assertThat(changes(RING_STOPPED)).containsExactly("1002");
    }

    @Test
    void queueTimeoutWithoutAnswerIsMissedNotAbandoned() {
        channel("PJSIP/carrier-00000003", "2.1", "2.1", "5550100002", "8005551000");
        at(0.1, "QueueCallerJoin", "Channel", "PJSIP/carrier-00000003", "Uniqueid", "2.1", "Linkedid", "2.1",
                "Queue", "sales", "CallerIDNum", "5550100002");
        channel("PJSIP/1001-00000004", "2.2", "2.1", "1001", "s");
        at(0.01, "AgentCalled", "Channel", "PJSIP/carrier-00000003", "Uniqueid", "2.1", "Linkedid", "2.1",
                "DestChannel", "PJSIP/1001-00000004", "Queue", "sales", "Interface", "PJSIP/1001");
        at(15, "AgentRingNoAnswer", "Channel", "PJSIP/carrier-00000003", "Uniqueid", "2.1", "Linkedid", "2.1",
                "DestChannel", "PJSIP/1001-00000004", "Queue", "sales", "Interface", "PJSIP/1001", "RingTime", "15000");
        hangup("PJSIP/1001-00000004", "2.2", "2.1");
        at(105, "QueueCallerLeave", "Channel", "PJSIP/carrier-00000003", "Uniqueid", "2.1", "Linkedid", "2.1", "Queue", "sales");
        hangup("PJSIP/carrier-00000003", "2.1", "2.1");

        CallSnapshot call = ended("2.1");
        assertThat(call.status()).isEqualTo(CallStatus.MISSED);
        assertThat(call.queue()).isEqualTo("sales");
        assertThat(call.lastRangExtension()).isEqualTo("1001");
        assertThat(call.localNumber()).isEqualTo("8005551000");
    }

    @Test
    void ringAllAnsweredBySecondAgentStopsTheFirstAgentsRinging() {
        channel("PJSIP/carrier-00000005", "3.1", "3.1", "5550100003", "8005551001");
        at(0.1, "QueueCallerJoin", "Channel", "PJSIP/carrier-00000005", "Uniqueid", "3.1", "Linkedid", "3.1", "Queue", "sales-ringall");
        channel("PJSIP/1001-00000006", "3.2", "3.1", "1001", "s");
        channel("PJSIP/1002-00000007", "3.3", "3.1", "1002", "s");
        at(0.01, "AgentCalled", "Uniqueid", "3.1", "Linkedid", "3.1", "DestChannel", "PJSIP/1001-00000006", "Interface", "PJSIP/1001", "Queue", "sales-ringall");
        at(0.01, "AgentCalled", "Uniqueid", "3.1", "Linkedid", "3.1", "DestChannel", "PJSIP/1002-00000007", "Interface", "PJSIP/1002", "Queue", "sales-ringall");
        at(3, "AgentConnect", "Uniqueid", "3.1", "Linkedid", "3.1", "DestChannel", "PJSIP/1002-00000007", "Interface", "PJSIP/1002", "Queue", "sales-ringall", "HoldTime", "3");
        hangup("PJSIP/1001-00000006", "3.2", "3.1");
        at(20, "Hangup", "Channel", "PJSIP/1002-00000007", "Uniqueid", "3.3", "Linkedid", "3.1");
        hangup("PJSIP/carrier-00000005", "3.1", "3.1");

        CallSnapshot call = ended("3.1");
        assertThat(call.agentExtension()).isEqualTo("1002");
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(changes(RINGING)).containsExactly("1001", "1002");
        assertThat(changes(RING_STOPPED)).containsExactly("1001");
        assertThat(changes(ANSWERED)).containsExactly("1002");
    }

    @Test
    void blindTransferHandsTheCallToTheAgentWhoAnswersNext() {
        channel("PJSIP/carrier-00000008", "4.1", "4.1", "5550100004", "1001");
        channel("PJSIP/1001-00000009", "4.2", "4.1", "1001", "s");
        dial("DialBegin", "PJSIP/carrier-00000008", "4.1", "4.1", "PJSIP/1001-00000009", "4.2");
        dial("DialEnd", "PJSIP/carrier-00000008", "4.1", "4.1", "PJSIP/1001-00000009", "4.2", "DialStatus", "ANSWER");
        bridge("b1", "PJSIP/1001-00000009", "4.2", "4.1");
        bridge("b1", "PJSIP/carrier-00000008", "4.1", "4.1");
        at(30, "BlindTransfer", "Result", "Success", "TransfererChannel", "PJSIP/1001-00000009", "TransfererUniqueid", "4.2",
                "TransfereeChannel", "PJSIP/carrier-00000008", "TransfereeUniqueid", "4.1", "Extension", "1002");
        at(0.01, "BridgeLeave", "BridgeUniqueid", "b1", "Channel", "PJSIP/1001-00000009", "Uniqueid", "4.2", "Linkedid", "4.1");
        hangup("PJSIP/1001-00000009", "4.2", "4.1");
        at(0.01, "BridgeLeave", "BridgeUniqueid", "b1", "Channel", "PJSIP/carrier-00000008", "Uniqueid", "4.1", "Linkedid", "4.1");
        channel("PJSIP/1002-0000000a", "4.3", "4.1", "1002", "s");
        dial("DialBegin", "PJSIP/carrier-00000008", "4.1", "4.1", "PJSIP/1002-0000000a", "4.3");
        dial("DialEnd", "PJSIP/carrier-00000008", "4.1", "4.1", "PJSIP/1002-0000000a", "4.3", "DialStatus", "ANSWER");
        bridge("b2", "PJSIP/1002-0000000a", "4.3", "4.1");
        bridge("b2", "PJSIP/carrier-00000008", "4.1", "4.1");
        at(40, "Hangup", "Channel", "PJSIP/1002-0000000a", "Uniqueid", "4.3", "Linkedid", "4.1");
        hangup("PJSIP/carrier-00000008", "4.1", "4.1");

        CallSnapshot call = ended("4.1");
        assertThat(call.agentExtension()).isEqualTo("1002");
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(changes(TRANSFERRED)).containsExactly("1002");
        assertThat(changes(RINGING)).containsExactly("1001", "1002");
        assertThat(updates.stream().filter(u -> u.change() == ENDED)).hasSize(1);
    }

    @Test
    void attendedTransferEndsTheConsultationAndTheCallFollowsTheTarget() {
        // caller talks with 1001
        channel("PJSIP/carrier-0000000b", "5.1", "5.1", "5550100005", "1001");
        channel("PJSIP/1001-0000000c", "5.2", "5.1", "1001", "s");
        dial("DialBegin", "PJSIP/carrier-0000000b", "5.1", "5.1", "PJSIP/1001-0000000c", "5.2");
        dial("DialEnd", "PJSIP/carrier-0000000b", "5.1", "5.1", "PJSIP/1001-0000000c", "5.2", "DialStatus", "ANSWER");
        bridge("b1", "PJSIP/1001-0000000c", "5.2", "5.1");
        bridge("b1", "PJSIP/carrier-0000000b", "5.1", "5.1");
        // 1001 consults 1002 on a second line
        channel("PJSIP/1001-0000000d", "5.3", "5.3", "1001", "1002");
        channel("PJSIP/1002-0000000e", "5.4", "5.3", "1002", "s");
        dial("DialBegin", "PJSIP/1001-0000000d", "5.3", "5.3", "PJSIP/1002-0000000e", "5.4");
        dial("DialEnd", "PJSIP/1001-0000000d", "5.3", "5.3", "PJSIP/1002-0000000e", "5.4", "DialStatus", "ANSWER");
        bridge("b2", "PJSIP/1002-0000000e", "5.4", "5.3");
        bridge("b2", "PJSIP/1001-0000000d", "5.3", "5.3");
        // 1001 completes the transfer: the caller moves into the consultation bridge with 1002
        at(10, "AttendedTransfer", "Result", "Success", "OrigTransfererChannel", "PJSIP/1001-0000000c",
                "OrigTransfererUniqueid", "5.2", "OrigTransfererLinkedid", "5.1", "SecondTransfererChannel", "PJSIP/1001-0000000d",
                "SecondTransfererUniqueid", "5.3", "SecondTransfererLinkedid", "5.3", "DestType", "Bridge", "DestBridgeUniqueid", "b2");
        at(0.01, "BridgeLeave", "BridgeUniqueid", "b1", "Channel", "PJSIP/carrier-0000000b", "Uniqueid", "5.1", "Linkedid", "5.1");
        bridge("b2", "PJSIP/carrier-0000000b", "5.1", "5.1");
        hangup("PJSIP/1001-0000000c", "5.2", "5.1");
        hangup("PJSIP/1001-0000000d", "5.3", "5.3");
        at(60, "Hangup", "Channel", "PJSIP/1002-0000000e", "Uniqueid", "5.4", "Linkedid", "5.3");
        hangup("PJSIP/carrier-0000000b", "5.1", "5.1");

        CallSnapshot call = ended("5.1");
        assertThat(call.agentExtension()).isEqualTo("1002");
        assertThat(call.direction()).isEqualTo(CallDirection.INBOUND);
        CallSnapshot consult = ended("5.3");
        assertThat(consult.direction()).isEqualTo(CallDirection.INTERNAL);
        assertThat(consult.agentExtension()).isEqualTo("1001");
        assertThat(consult.remoteNumber()).isEqualTo("1002");
        assertThat(consult.endedAt()).isBefore(call.endedAt());
    }

    @Test
    void callPickedUpByAColleagueIsTheColleaguesAndThePickupCodeIsNoCall() {
        channel("PJSIP/carrier-0000000f", "6.1", "6.1", "5550100006", "1001");
        channel("PJSIP/1001-00000010", "6.2", "6.1", "1001", "s");
        dial("DialBegin", "PJSIP/carrier-0000000f", "6.1", "6.1", "PJSIP/1001-00000010", "6.2");
        channel("PJSIP/1002-00000011", "6.3", "6.3", "1002", "*8");
        at(4, "Pickup", "Channel", "PJSIP/1002-00000011", "Uniqueid", "6.3", "Linkedid", "6.3",
                "TargetChannel", "PJSIP/1001-00000010", "TargetUniqueid", "6.2", "TargetLinkedid", "6.1");
        dial("DialEnd", "PJSIP/carrier-0000000f", "6.1", "6.1", "PJSIP/1001-00000010", "6.2", "DialStatus", "CANCEL");
        hangup("PJSIP/1001-00000010", "6.2", "6.1");
        bridge("b3", "PJSIP/1002-00000011", "6.3", "6.3");
        bridge("b3", "PJSIP/carrier-0000000f", "6.1", "6.1");
        at(25, "Hangup", "Channel", "PJSIP/1002-00000011", "Uniqueid", "6.3", "Linkedid", "6.3");
        hangup("PJSIP/carrier-0000000f", "6.1", "6.1");

        CallSnapshot call = ended("6.1");
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agentExtension()).isEqualTo("1002");
        assertThat(updates.stream().filter(u -> u.change() == ENDED)).hasSize(1);
        assertThat(tracker.openCallCount()).isZero();
    }

    @Test
    void agentToAgentCallIsInternal() {
        channel("PJSIP/1001-00000012", "7.1", "7.1", "1001", "1002");
        channel("PJSIP/1002-00000013", "7.2", "7.1", "1002", "s");
        dial("DialBegin", "PJSIP/1001-00000012", "7.1", "7.1", "PJSIP/1002-00000013", "7.2");
        dial("DialEnd", "PJSIP/1001-00000012", "7.1", "7.1", "PJSIP/1002-00000013", "7.2", "DialStatus", "ANSWER");
        hangup("PJSIP/1002-00000013", "7.2", "7.1");
        hangup("PJSIP/1001-00000012", "7.1", "7.1");

        CallSnapshot call = ended("7.1");
        assertThat(call.direction()).isEqualTo(CallDirection.INTERNAL);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agentExtension()).isEqualTo("1001");
        assertThat(call.remoteNumber()).isEqualTo("1002");
        assertThat(changes(RINGING)).containsExactly("1002");
    }

    @Test
    void outboundCallToABusyNumberIsBusy() {
        channel("PJSIP/1001-00000014", "8.1", "8.1", "1001", "5557778888");
        channel("PJSIP/carrier-00000015", "8.2", "8.1", "", "s");
        dial("DialBegin", "PJSIP/1001-00000014", "8.1", "8.1", "PJSIP/carrier-00000015", "8.2");
        dial("DialEnd", "PJSIP/1001-00000014", "8.1", "8.1", "PJSIP/carrier-00000015", "8.2", "DialStatus", "BUSY");
        hangup("PJSIP/carrier-00000015", "8.2", "8.1");
        hangup("PJSIP/1001-00000014", "8.1", "8.1");

        CallSnapshot call = ended("8.1");
        assertThat(call.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.BUSY);
        assertThat(call.remoteNumber()).isEqualTo("5557778888");
    }

    @Test
    void agentWhoLiftsTheHandsetAndHangsUpMakesNoCall() {
        channel("PJSIP/1001-00000016", "9.1", "9.1", "1001", "s");
        hangup("PJSIP/1001-00000016", "9.1", "9.1");

        assertThat(updates).isEmpty();
        assertThat(tracker.openCallCount()).isZero();
    }

    @Test
    void refusedOriginateFailsTheClickToCall() {
        at(1, "OriginateResponse", "Response", "Failure", "Channel", "PJSIP/1001", "Uniqueid", "c2c-42", "Reason", "0");

        CallSnapshot call = ended("c2c-42");
        assertThat(call.status()).isEqualTo(CallStatus.FAILED);
        assertThat(call.direction()).isEqualTo(CallDirection.OUTBOUND);
    }

    @Test
    void garbageAndEventsAboutUnknownChannelsAreSkippedWithoutHarm() {
        assertThatCode(() -> {
            at(0, "Hangup", "Uniqueid", "never.seen", "Cause", "16");
            at(0, "AgentConnect", "Uniqueid", "never.seen", "Interface", "PJSIP/1001");
            at(0, "BridgeEnter");
            at(0, "Newchannel");
            at(0, "Newchannel", "Channel", "PJSIP/1001-1", "Uniqueid", "x");
            at(0, "SomethingNew", "Foo", "bar");
            at(0, "DialBegin", "Channel", "PJSIP/x", "Uniqueid", "x", "DestChannel", "\u0000\uFFFD" + "9".repeat(100_000));
            at(0, "VarSet", "Variable", "MIXMONITOR_FILENAME");
            tracker.handle(new AmiEvent("Newstate", Map.of("Timestamp", "not-a-number", "Uniqueid", "x"), Instant.EPOCH));
        }).doesNotThrowAnyException();
        at(0, "Hangup", "Uniqueid", "x", "Channel", "PJSIP/1001-1");

        assertThat(updates).isEmpty();
        assertThat(tracker.openCallCount()).isZero();
        assertThat(tracker.skippedEventTypes()).containsKey("somethingnew");
    }

    @Test
    void timesComeFromThePbxTimestampNotFromArrival() {
        AmiEvent late = new AmiEvent("Hangup", Map.of("Timestamp", "1795335359.869338"), Instant.parse("2030-01-01T00:00:00Z"));
        AmiEvent untimed = new AmiEvent("Hangup", Map.of(), Instant.parse("2030-01-01T00:00:00Z"));

        assertThat(late.time()).isEqualTo(Instant.ofEpochSecond(1795335359L, 869_338_000L));
        assertThat(untimed.time()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void resyncEndsCallsThatVanishedAndAdoptsCallsItDidNotKnow() {
        // a call in progress when the connection dropped
        channel("PJSIP/carrier-00000017", "10.1", "10.1", "5550100010", "1001");
        channel("PJSIP/1001-00000018", "10.2", "10.1", "1001", "s");
        dial("DialBegin", "PJSIP/carrier-00000017", "10.1", "10.1", "PJSIP/1001-00000018", "10.2");
        dial("DialEnd", "PJSIP/carrier-00000017", "10.1", "10.1", "PJSIP/1001-00000018", "10.2", "DialStatus", "ANSWER");
        Instant reconnected = Instant.ofEpochSecond((long) clock + 60);
        // our records also hold a call the tracker never saw (the application restarted), unanswered and gone
        CallSnapshot fromRecords = new CallSnapshot("11.1", CallDirection.INBOUND, CallStatus.RINGING, "5550100011", null,
                "8005551000", null, "sales", reconnected.minusSeconds(90), null, null, "1002", null);
        // the PBX lists one call we do not know: a caller talking with 1002 for 42 s
        List<AmiEvent> live = List.of(
                new AmiEvent("CoreShowChannel", Map.of("Channel", "PJSIP/carrier-00000020", "Uniqueid", "12.1", "Linkedid", "12.1",
                        "CallerIDNum", "5550100012", "Exten", "8005551000", "Application", "Queue", "ApplicationData", "sales,tT,,,120",
                        "Duration", "00:00:42", "BridgeId", "b9"), Instant.EPOCH),
                new AmiEvent("CoreShowChannel", Map.of("Channel", "PJSIP/1002-00000021", "Uniqueid", "12.2", "Linkedid", "12.1",
                        "CallerIDNum", "1002", "Duration", "00:00:40", "BridgeId", "b9"), Instant.EPOCH));

        tracker.resync(live, List.of(new CallTracker.OpenCall(fromRecords)), reconnected);

        CallSnapshot vanished = ended("10.1");
        assertThat(vanished.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(vanished.endedAt()).isEqualTo(reconnected);
        CallSnapshot lost = ended("11.1");
        assertThat(lost.status()).isEqualTo(CallStatus.MISSED);
        CallUpdate adopted = updates.stream().filter(u -> u.call().pbxKey().equals("12.1") && u.change() == ANSWERED).findFirst().orElseThrow();
        assertThat(adopted.call().agentExtension()).isEqualTo("1002");
        assertThat(adopted.call().queue()).isEqualTo("sales");
        assertThat(adopted.call().startedAt()).isEqualTo(reconnected.minusSeconds(42));
        assertThat(updates.stream().filter(u -> u.call().pbxKey().equals("12.1")).map(CallUpdate::change)).startsWith(STARTED);

        // and the adopted call ends normally afterwards
        clock = reconnected.getEpochSecond();
        hangup("PJSIP/1002-00000021", "12.2", "12.1");
        hangup("PJSIP/carrier-00000020", "12.1", "12.1");
        assertThat(ended("12.1").status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(tracker.openCallCount()).isZero();
    }

    @Test
    void answerThatHappenedWhileDisconnectedIsFoundInTheBridgesAtResync() {
        // a call ringing 1001 when the connection dropped
        channel("PJSIP/carrier-00000030", "13.1", "13.1", "5550100013", "8005551000");
        at(0.1, "QueueCallerJoin", "Uniqueid", "13.1", "Linkedid", "13.1", "Queue", "sales");
        channel("PJSIP/1001-00000031", "13.2", "13.1", "1001", "s");
        at(0.01, "AgentCalled", "Uniqueid", "13.1", "Linkedid", "13.1", "DestChannel", "PJSIP/1001-00000031",
                "Interface", "PJSIP/1001", "Queue", "sales");
        Instant reconnected = Instant.ofEpochSecond((long) clock + 5);
        // meanwhile 1001 answered: the PBX lists both channels in one bridge
        List<AmiEvent> live = List.of(
                new AmiEvent("CoreShowChannel", Map.of("Channel", "PJSIP/carrier-00000030", "Uniqueid", "13.1",
                        "Linkedid", "13.1", "Duration", "00:00:05", "BridgeId", "b13"), Instant.EPOCH),
                new AmiEvent("CoreShowChannel", Map.of("Channel", "PJSIP/1001-00000031", "Uniqueid", "13.2",
                        "Linkedid", "13.1", "Duration", "00:00:05", "BridgeId", "b13"), Instant.EPOCH));

        tracker.resync(live, List.of(), reconnected);
        clock = reconnected.getEpochSecond() + 10;
        hangup("PJSIP/1001-00000031", "13.2", "13.1");
        hangup("PJSIP/carrier-00000030", "13.1", "13.1");

        CallSnapshot call = ended("13.1");
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agentExtension()).isEqualTo("1001");
        assertThat(call.answeredAt()).isEqualTo(reconnected);
    }
}
