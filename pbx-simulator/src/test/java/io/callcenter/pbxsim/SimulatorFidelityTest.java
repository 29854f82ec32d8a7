package io.callcenter.pbxsim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the simulator honest against real Asterisk 20 captures: the same events in the same order for
 * the same call, each with at least the headers Asterisk sends. Nothing here uses the CRM's tracker.
 */
class SimulatorFidelityTest {

    /** The captures live with the tracker's tests; one copy in the repository. */
    private static final Path CAPTURES = Path.of("..", "telephony-bridge", "src", "test", "resources", "ami-transcripts");
    /** Events that are noise for this comparison (their number varies with dialplan and codecs). */
    private static final Set<String> NOISE = Set.of("VarSet", "Newexten", "DeviceStateChange", "QueueMemberStatus",
            "RTCPSent", "NewConnectedLine", "DialState", "MusicOnHoldStart", "MusicOnHoldStop", "Cdr", "NewCallerid",
            "Newstate", "SuccessfulAuth", "FullyBooted", "LocalBridge");

    private PbxSimulator pbx;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    @BeforeEach
    void start() throws IOException {
        pbx = PbxSimulator.start(PbxSimulator.Settings.defaults().withSpeed(50)
                .withSpool(Files.createTempDirectory("pbxsim-spool"), "/var/spool/asterisk/monitor"));
        socket = new Socket("127.0.0.1", pbx.port());
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        pbx.close();
    }

    @Test
    void speaksTheLoginOfTheCapture() throws IOException {
        assertThat(in.readLine()).isEqualTo("Asterisk Call Manager/9.0.0");
        send("Action: Challenge\r\nAuthType: MD5\r\nActionID: challenge-1\r\n\r\n");
        Map<String, String> challenge = frame();
        assertThat(challenge).containsEntry("Response", "Success").containsEntry("ActionID", "challenge-1").containsKey("Challenge");

        send("Action: Login\r\nAuthType: MD5\r\nUsername: crm\r\nKey: "
                + PbxSimulator.md5(challenge.get("Challenge") + "crm-secret") + "\r\nEvents: on\r\nActionID: login-1\r\n\r\n");
        assertThat(frame()).containsEntry("Response", "Success").containsEntry("ActionID", "login-1")
                .containsEntry("Message", "Authentication accepted");
        assertThat(frame()).containsEntry("Event", "FullyBooted");

        send("Action: Ping\r\nActionID: p-7\r\n\r\n");
        assertThat(frame()).containsEntry("Ping", "Pong").containsEntry("ActionID", "p-7").containsKey("Timestamp");
        send("Action: Frobnicate\r\nActionID: x\r\n\r\n");
        assertThat(frame()).containsEntry("Response", "Error").containsEntry("Message", "Invalid/unknown command");
    }

    @Test
    void wrongKeyIsRefused() throws IOException {
        in.readLine();
        send("Action: Challenge\r\nAuthType: MD5\r\nActionID: c\r\n\r\n");
        frame();
        send("Action: Login\r\nAuthType: MD5\r\nUsername: crm\r\nKey: 00000000000000000000000000000000\r\nActionID: l\r\n\r\n");
        assertThat(frame()).containsEntry("Response", "Error").containsEntry("Message", "Authentication failed");
    }

    @Test
    void queueCallAnsweredMatchesTheRealCapture() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("5550123456", "PSTN Caller", "8005551000", "sales", "1001", 2, 10));
        Predicate<Map<String, String>> callerGone = f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier");
        List<Map<String, String>> played = eventsUntil(callerGone);
        List<Map<String, String>> real = upTo(capture("P01-pjsip-inbound-queue-answered.ami"), callerGone);

        assertThat(names(played)).containsExactlyElementsOf(names(real));
        assertHeadersCover(played, real);
        assertThat(played).allSatisfy(f -> assertThat(f).containsKey("Timestamp"));
    }

    @Test
    void clickToCallMatchesTheRealCapture() throws IOException {
        login();
        send("Action: Originate\r\nChannel: PJSIP/1001\r\nContext: from-internal\r\nExten: 5557778888\r\nPriority: 1\r\n"
                + "CallerID: \"Agent 1001\" <1001>\r\nTimeout: 30000\r\nAsync: true\r\nChannelId: 7c9e6679-test\r\nActionID: c2c-1\r\n\r\n");
        Predicate<Map<String, String>> agentGone = f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/1001");
        List<Map<String, String>> played = eventsUntil(agentGone);
        List<Map<String, String>> real = upTo(capture("P04-pjsip-click-to-call.ami"), agentGone);

        assertThat(played.get(0)).containsEntry("Response", "Success").containsEntry("ActionID", "c2c-1");
        List<Map<String, String>> events = played.stream().filter(f -> f.containsKey("Event")).toList();
        assertThat(names(events)).containsExactlyElementsOf(names(real));
        assertHeadersCover(events, real);
        Map<String, String> first = events.get(0);
        assertThat(first).containsEntry("Uniqueid", "7c9e6679-test").containsEntry("Linkedid", "7c9e6679-test");
        assertThat(events).filteredOn(f -> "OriginateResponse".equals(f.get("Event")))
                .singleElement().satisfies(f -> assertThat(f).containsEntry("ActionID", "c2c-1").containsEntry("Response", "Success"));
    }

    @Test
    void clickToCallTheAgentDoesNotAnswerFailsAsTheRealCaptureDoes() throws IOException {
        pbx.phoneAnswers("1002", false);
        login();
        send("Action: Originate\r\nChannel: PJSIP/1002\r\nContext: from-internal\r\nExten: 5557778888\r\nPriority: 1\r\n"
                + "CallerID: \"Agent 1002\" <1002>\r\nTimeout: 2000\r\nAsync: true\r\nChannelId: r01-test\r\nActionID: c2c-1\r\n\r\n");
        Predicate<Map<String, String>> agentGone = f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/1002");
        List<Map<String, String>> events = eventsUntil(agentGone).stream().filter(f -> f.containsKey("Event")).toList();
        List<Map<String, String>> real = upTo(capture("R01-pjsip-click-to-call-agent-no-answer.ami"), agentGone);

        assertThat(names(real)).containsExactly("Newchannel", "DialBegin", "OriginateResponse", "Hangup");
        assertThat(names(events)).as("no DialEnd ever follows the DialBegin; the failure comes before the hang-up")
                .containsExactlyElementsOf(names(real));
        assertHeadersCover(events, real);
        Map<String, String> failure = events.stream().filter(f -> "OriginateResponse".equals(f.get("Event"))).findFirst().orElseThrow();
        Map<String, String> realFailure = real.stream().filter(f -> "OriginateResponse".equals(f.get("Event"))).findFirst().orElseThrow();
        assertThat(failure.keySet()).containsAll(realFailure.keySet());
        assertThat(failure).containsEntry("Response", "Failure").containsEntry("Reason", "3").containsEntry("ActionID", "c2c-1")
                .as("the dial string, not a channel name").containsEntry("Channel", "PJSIP/1002")
                .containsEntry("Uniqueid", "r01-test");
        assertThat(events.get(events.size() - 1)).containsEntry("Cause", "19");
    }

    @Test
    void clickToCallToABusyNumberEndsAsTheRealCaptureDoes() throws IOException {
        pbx.carrierAnswers("BUSY");
        try {
            login();
            send("Action: Originate\r\nChannel: PJSIP/1001\r\nContext: from-internal\r\nExten: 5557778888\r\nPriority: 1\r\n"
                    + "CallerID: \"Agent 1001\" <1001>\r\nTimeout: 30000\r\nAsync: true\r\nChannelId: r02-test\r\nActionID: c2c-1\r\n\r\n");
            Predicate<Map<String, String>> agentGone = f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/1001");
            List<Map<String, String>> events = eventsUntil(agentGone).stream().filter(f -> f.containsKey("Event")).toList();
            List<Map<String, String>> real = upTo(capture("R02-pjsip-click-to-call-outbound-busy.ami"), agentGone);

            assertThat(tail(names(events), "HangupRequest")).containsExactlyElementsOf(tail(names(real), "HangupRequest"));
            assertHeadersCover(events, real);
            assertThat(events.get(events.size() - 1)).containsEntry("Cause", "17").containsEntry("TechCause", "486");
        } finally {
            pbx.carrierAnswers("ANSWER");
        }
    }

    @Test
    void aCallFromAPhoneTheCarrierRefusesEndsAsTheRealCaptureDoes() throws IOException {
        login();
        pbx.play(() -> pbx.calls().outboundCall("1001", "5557778888", "CONGESTION", 1, 0));
        Predicate<Map<String, String>> agentGone = f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/1001");
        List<Map<String, String>> events = eventsUntil(agentGone).stream().filter(f -> f.containsKey("Event")).toList();
        List<Map<String, String>> real = upTo(capture("R03-pjsip-agent-phone-dials-out-carrier-503.ami"), agentGone);

        assertThat(tail(names(events), "HangupRequest")).containsExactlyElementsOf(tail(names(real), "HangupRequest"));
        assertHeadersCover(events, real);
        assertThat(events.get(events.size() - 1)).containsEntry("Cause", "34").containsEntry("TechCause", "503");
    }

    @Test
    void queuePauseIsAnsweredAndToldAsTheRealCaptureDoesAndThePausedMemberIsNotRung() throws IOException {
        login();
        send("Action: QueuePause\r\nInterface: PJSIP/1001\r\nQueue: sales\r\nPaused: true\r\nReason: break\r\nActionID: queuepause-1\r\n\r\n");
        List<Map<String, String>> played = eventsUntil(f -> "QueueMemberPause".equals(f.get("Event")));
        List<Map<String, String>> real = upTo(capture("R04-pjsip-queuepause-then-inbound.ami"), f -> "QueueMemberPause".equals(f.get("Event")));

        assertThat(played.get(0)).containsEntry("Response", "Success").containsEntry("ActionID", "queuepause-1")
                .containsEntry("Message", "Interface paused successfully");
        assertHeadersCover(played.stream().filter(f -> f.containsKey("Event")).toList(), real);
        assertThat(played.get(played.size() - 1)).containsEntry("Queue", "sales").containsEntry("Paused", "1")
                .containsEntry("PausedReason", "break").containsEntry("MemberName", "Alice");
        assertThat(pbx.isPaused("1001", "sales")).isTrue();
        assertThat(pbx.isPaused("1001", "sales-ringall")).as("the pause is per queue").isFalse();
        assertThat(LoadGenerator.available(List.of("1001", "1002"), a -> pbx.isPaused(a, "sales"))).containsExactly("1002");

        send("Action: QueuePause\r\nInterface: PJSIP/1001\r\nQueue: sales\r\nPaused: false\r\nActionID: queuepause-2\r\n\r\n");
        List<Map<String, String>> resumed = eventsUntil(f -> "QueueMemberPause".equals(f.get("Event")));
        assertThat(resumed.get(0)).containsEntry("Message", "Interface unpaused successfully");
        assertThat(resumed.get(resumed.size() - 1)).containsEntry("Paused", "0").containsEntry("PausedReason", "");
        assertThat(pbx.isPaused("1001", "sales")).isFalse();
    }

    @Test
    void mutingTheRecordingIsAnsweredAndToldAsTheRealCaptureDoes() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("2125550100", "PSTN Caller", "8005551000", "sales", "1001", 0.2, 3));
        Map<String, String> answered = answeredAndBridged();
        send("Action: MixMonitorMute\r\nChannel: " + answered.get("Channel") + "\r\nDirection: both\r\nState: 1\r\n"
                + "ActionID: mixmonitormute-1\r\n\r\n");
        List<Map<String, String>> played = eventsUntil(f -> "MixMonitorMute".equals(f.get("Event")));
        List<Map<String, String>> real = upTo(capture("R07-pjsip-mixmonitormute-pause-resume.ami"), f -> "MixMonitorMute".equals(f.get("Event")));

        Map<String, String> response = played.stream().filter(f -> "mixmonitormute-1".equals(f.get("ActionID"))).findFirst().orElseThrow();
        assertThat(response).containsEntry("Response", "Success").doesNotContainKey("Message");
        Map<String, String> muted = played.get(played.size() - 1);
        assertHeadersCover(List.of(muted), real);
        assertThat(muted).containsEntry("Channel", answered.get("Channel")).containsEntry("Direction", "both").containsEntry("State", "1");
    }

    @Test
    void theQueuesStateIsListedAsTheRealCaptureDoes() throws IOException {
        login();
        // two callers waiting in sales (nobody rings: both agents are paused there), as in R05
        send("Action: QueuePause\r\nInterface: PJSIP/1001\r\nQueue: sales\r\nPaused: true\r\nReason: lunch\r\nActionID: p1\r\n\r\n");
        send("Action: QueuePause\r\nInterface: PJSIP/1002\r\nQueue: sales\r\nPaused: true\r\nActionID: p2\r\n\r\n");
        // each call plays on its own thread: the second starts only once the first waits, so the order is known
        pbx.play(() -> pbx.calls().queueAbandoned("2125550100", "PSTN Caller", "8005551000", "sales", List.of(), 200));
        eventsUntil(f -> "QueueCallerJoin".equals(f.get("Event")) && "2125550100".equals(f.get("CallerIDNum")));
        pbx.play(() -> pbx.calls().queueAbandoned("2125550101", "Second Caller", "8005551000", "sales", List.of(), 200));
        eventsUntil(f -> "QueueCallerJoin".equals(f.get("Event")) && "2125550101".equals(f.get("CallerIDNum")));

        send("Action: QueueStatus\r\nQueue: sales\r\nActionID: queuestatus-1\r\n\r\n");
        List<Map<String, String>> status = eventsUntil(f -> "QueueStatusComplete".equals(f.get("Event")));
        send("Action: QueueSummary\r\nQueue: sales\r\nActionID: queuesummary-1\r\n\r\n");
        List<Map<String, String>> summary = eventsUntil(f -> "QueueSummaryComplete".equals(f.get("Event")));
        List<Map<String, String>> real = capture("R05-pjsip-queue-two-waiting-status-summary-abandon.ami").stream()
                .filter(f -> "queuestatus-1".equals(f.get("ActionID")) || "queuesummary-1".equals(f.get("ActionID"))).toList();

        List<Map<String, String>> lists = new java.util.ArrayList<>(status.stream().filter(f -> "queuestatus-1".equals(f.get("ActionID"))).toList());
        lists.addAll(summary.stream().filter(f -> "queuesummary-1".equals(f.get("ActionID"))).toList());
        assertThat(lists.get(0)).containsEntry("Response", "Success").containsEntry("EventList", "start")
                .containsEntry("Message", "Queue status will follow");
        assertThat(lists.stream().filter(f -> f.containsKey("Event")).map(f -> f.get("Event")).distinct().toList())
                .containsExactlyElementsOf(real.stream().filter(f -> f.containsKey("Event")).map(f -> f.get("Event")).distinct().toList());
        assertHeadersCover(lists.stream().filter(f -> f.containsKey("Event")).toList(), real);
        assertThat(lists).as("list events carry no Timestamp or Privilege")
                .filteredOn(f -> f.containsKey("Event")).allSatisfy(f -> assertThat(f).doesNotContainKeys("Timestamp", "Privilege"));
        assertThat(lists).filteredOn(f -> "QueueEntry".equals(f.get("Event"))).extracting(f -> f.get("CallerIDNum"))
                .containsExactly("2125550100", "2125550101");
        assertThat(lists).filteredOn(f -> "QueueParams".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Calls", "2"));
        assertThat(lists).filteredOn(f -> "QueueMember".equals(f.get("Event")) && "Alice".equals(f.get("Name"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Paused", "1"));
        assertThat(lists).filteredOn(f -> "QueueSummary".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Callers", "2").containsEntry("Available", "0"));
    }

    @Test
    void chanSpyOnATalkingAgentIsToldAsTheRealCaptureDoes() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("2125550100", "PSTN Caller", "8005551000", "sales", "1001", 0.2, 6));
        Map<String, String> answered = answeredAndBridged();
        send("Action: Originate\r\nChannel: PJSIP/1002\r\nApplication: ChanSpy\r\nData: PJSIP/1001,qE\r\n"
                + "CallerID: \"Supervisor\" <1002>\r\nTimeout: 20000\r\nAsync: true\r\nActionID: spy-1\r\n\r\n");
        Predicate<Map<String, String>> callerGone = f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier");
        List<Map<String, String>> played = eventsUntil(callerGone);
        List<Map<String, String>> real = capture("R06-pjsip-chanspy-listen-qE.ami");

        assertThat(response(played, "spy-1")).containsEntry("Response", "Success").containsEntry("Message", "Originate successfully queued");
        List<Map<String, String>> events = played.stream().filter(f -> f.containsKey("Event")).toList();
        assertThat(names(events)).containsSubsequence("Newchannel", "DialBegin", "DialEnd", "OriginateResponse", "ChanSpyStart",
                "ChanSpyStop", "Hangup", "Hangup");
        assertHeadersCover(events, real);
        assertThat(events).filteredOn(f -> "OriginateResponse".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Application", "ChanSpy").containsEntry("Data", "PJSIP/1001,qE")
                        .containsEntry("Reason", "4").containsEntry("CallerIDName", "Supervisor").doesNotContainKey("Context"));
        Map<String, String> start = events.stream().filter(f -> "ChanSpyStart".equals(f.get("Event"))).findFirst().orElseThrow();
        assertThat(start).containsEntry("SpyeeChannel", answered.get("DestChannel"));
        List<String> order = events.stream().map(f -> f.get("Event") + " " + f.getOrDefault("Channel", f.get("SpyerChannel"))).toList();
        String spyer = start.get("SpyerChannel");
        assertThat(order).as("the spy stops before its spyee hangs up, and the spyer's channel goes after it")
                .containsSubsequence("ChanSpyStop " + spyer, "Hangup " + answered.get("DestChannel"), "Hangup " + spyer);
        assertThat(events).filteredOn(f -> "Hangup".equals(f.get("Event")) && spyer.equals(f.get("Channel"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Cause", "0"));
    }

    @Test
    void attendedTransferAndHangupByAmiAreToldAsTheRealCaptureDoes() throws IOException {
        Map<String, String> answered = agentAtxfersTo1002();
        String agent = answered.get("DestChannel");
        List<Map<String, String>> transferred = eventsUntil(f -> "Hangup".equals(f.get("Event")) && agent.equals(f.get("Channel")));
        List<Map<String, String>> real = capture("R08-pjsip-atxfer-then-hangup-action.ami");
        Predicate<Map<String, String>> realAgentGone = f -> "Hangup".equals(f.get("Event")) && "PJSIP/1001-0000001b".equals(f.get("Channel"));

        assertThat(response(transferred, "atxfer-1")).containsEntry("Response", "Success").containsEntry("Message", "Atxfer successfully queued");
        List<Map<String, String>> events = transferred.stream().filter(f -> f.containsKey("Event")).toList();
        assertThat(tail(names(events), "DTMFEnd")).containsExactlyElementsOf(tail(names(upTo(real, realAgentGone)), "DTMFEnd"));
        assertHeadersCover(events, real);
        Map<String, String> target = events.stream().filter(f -> "DialBegin".equals(f.get("Event"))
                && f.get("Channel").startsWith("Local/1002@from-internal-")).findFirst().orElseThrow();
        assertThat(target.get("Channel")).endsWith(";2");
        assertThat(target).containsEntry("Linkedid", answered.get("Linkedid")).containsEntry("DestLinkedid", answered.get("Linkedid"));
        assertThat(events).filteredOn(f -> "AgentComplete".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Reason", "transfer"));

        String bob = target.get("DestChannel");
        send("Action: Hangup\r\nChannel: " + bob + "\r\nCause: 16\r\nActionID: hangup-1\r\n\r\n");
        Predicate<Map<String, String>> callerGone = f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier");
        List<Map<String, String>> ended = eventsUntil(callerGone);
        Map<String, String> hungUp = response(ended, "hangup-1");
        assertThat(hungUp).containsEntry("Response", "Success").containsEntry("Message", "Channel Hungup");
        assertThat(ended.subList(0, ended.indexOf(hungUp))).as("the answer comes before any event of the channel")
                .noneSatisfy(f -> assertThat(f.get("Channel")).isEqualTo(bob));
        ended = ended.subList(ended.indexOf(hungUp), ended.size());
        List<Map<String, String>> endEvents = ended.stream().filter(f -> f.containsKey("Event")).toList();
        assertThat(names(endEvents)).containsExactlyElementsOf(tail(names(real), "Hangup").subList(1, names(endEvents).size() + 1));
        assertThat(endEvents).filteredOn(f -> bob.equals(f.get("Channel"))).extracting(f -> f.get("Event"))
                .as("hung up by AMI: no HangupRequest").doesNotContain("HangupRequest").contains("Hangup");
        assertHeadersCover(endEvents, real);

        send("Action: Hangup\r\nChannel: None\r\nCause: 16\r\nActionID: hangup-2\r\n\r\n");
        assertThat(response(eventsUntil(f -> "hangup-2".equals(f.get("ActionID"))), "hangup-2")).as("R08a")
                .containsEntry("Response", "Error").containsEntry("Message", "No such channel");
    }

    /**
     * No capture has an AMI BlindTransfer: its answers follow Asterisk 20's manager.c (action_blind_transfer) and
     * its events bridge.c and app_queue.c (BlindTransfer with IsExternal Yes, AgentComplete Reason transfer); the
     * events the captures do have keep the headers Asterisk puts on them.
     */
    @Test
    void blindTransferByAmiAnswersAndHandsTheCallerOnAsAsterisksSourceDoes() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("2125550100", "PSTN Caller", "8005551000", "sales", "1001", 0.2, 100));
        Map<String, String> answered = answeredAndBridged();
        String agent = answered.get("DestChannel");
        String caller = answered.get("Channel");
        send("Action: BlindTransfer\r\nChannel: " + agent + "\r\nContext: from-internal\r\nActionID: bt-1\r\n\r\n");
        send("Action: BlindTransfer\r\nChannel: PJSIP/1001-7fffffff\r\nExten: 1002\r\nActionID: bt-2\r\n\r\n");
        send("Action: BlindTransfer\r\nExten: 1002\r\nActionID: bt-3\r\n\r\n");
        send("Action: BlindTransfer\r\nChannel: " + agent + "\r\nExten: 1002\r\nContext: from-internal\r\nActionID: bt-4\r\n\r\n");
        // the caller's next bridge is the one with the colleague
        List<Map<String, String>> frames = eventsUntil(f -> "BridgeEnter".equals(f.get("Event")) && caller.equals(f.get("Channel")));

        assertThat(response(frames, "bt-1")).containsEntry("Response", "Error").containsEntry("Message", "No extension specified");
        assertThat(response(frames, "bt-2")).containsEntry("Response", "Error").containsEntry("Message", "Channel specified does not exist");
        assertThat(response(frames, "bt-3")).containsEntry("Response", "Error").containsEntry("Message", "No channel specified");
        assertThat(response(frames, "bt-4")).containsEntry("Response", "Success").containsEntry("Message", "Transfer succeeded");
        List<Map<String, String>> events = frames.stream().filter(f -> f.containsKey("Event")).toList();
        assertThat(events).filteredOn(f -> "BlindTransfer".equals(f.get("Event"))).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("Result", "Success").containsEntry("TransfererChannel", agent).containsEntry("TransfereeChannel", caller)
                .containsEntry("IsExternal", "Yes").containsEntry("Context", "from-internal").containsEntry("Extension", "1002")
                .containsKeys("BridgeUniqueid", "BridgeType", "BridgeNumChannels", "TransfererLinkedid", "TransfereeUniqueid"));
        assertThat(events).filteredOn(f -> "AgentComplete".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Reason", "transfer"));
        List<String> order = events.stream().map(f -> f.get("Event") + " " + f.get("Channel")).toList();
        assertThat(order).as("the agent's phone leaves, then the caller dials the colleague")
                .containsSubsequence("BlindTransfer null", "Hangup " + agent, "DialBegin " + caller, "BridgeEnter " + caller);
        assertThat(events).filteredOn(f -> "DialBegin".equals(f.get("Event")) && caller.equals(f.get("Channel"))).singleElement()
                .satisfies(f -> assertThat(f.get("DestChannel")).startsWith("PJSIP/1002-"));
        assertHeadersCover(events, capture("R08-pjsip-atxfer-then-hangup-action.ami"));
    }

    @Test
    void attendedTransferToNoExtensionFailsAsTheRealCaptureDoesAndTheCallGoesOn() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("2125550100", "PSTN Caller", "8005551000", "sales", "1001", 0.2, 100));
        String agent = answeredAndBridged().get("DestChannel");
        send("Action: Atxfer\r\nChannel: " + agent + "\r\nExten: 1009\r\nContext: from-internal\r\nActionID: atxfer-1\r\n\r\n");
        List<Map<String, String>> played = eventsUntil(f -> "DTMFEnd".equals(f.get("Event")) && "9".equals(f.get("Digit")));
        List<Map<String, String>> real = capture("R08a-pjsip-atxfer-fails-missing-prompt.ami");

        assertThat(response(played, "atxfer-1")).containsEntry("Response", "Success").containsEntry("Message", "Atxfer successfully queued");
        List<Map<String, String>> events = played.stream().filter(f -> f.containsKey("Event")).toList();
        assertHeadersCover(events, real);
        assertThat(names(events)).containsSubsequence("DTMFEnd", "DTMFEnd", "Hold", "Unhold", "DTMFBegin", "DTMFEnd");
        assertThat(events).filteredOn(f -> "DTMFBegin".equals(f.get("Event"))).allSatisfy(f ->
                assertThat(f.get("Channel")).as("the digits reach the caller").startsWith("PJSIP/carrier"));

        send("Action: Hangup\r\nChannel: " + agent + "\r\nCause: 16\r\nActionID: hangup-1\r\n\r\n");
        List<Map<String, String>> ended = eventsUntil(f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier"));
        assertThat(ended).filteredOn(f -> "AgentComplete".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Reason", "agent"));
    }

    /**
     * No capture has an AMI CancelAtxfer: its answers follow Asterisk 20's manager.c (action_cancel_atxfer) and
     * the abort bridge_basic.c (the agent back in the caller's bridge and off hold, the consultation's bridge
     * gone and the colleague hung up); the events the captures do have keep their headers.
     */
    @Test
    void cancellingAnAttendedTransferByAmiBringsTheAgentBackAsAsterisksSourceDoes() throws IOException {
        Map<String, String> answered = agentAtxfersTo1002();
        String agent = answered.get("DestChannel");
        List<Map<String, String>> consulting = eventsUntil(f -> "BridgeEnter".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/1002-"));
        Map<String, String> colleague = consulting.get(consulting.size() - 1);
        String callersBridge = consulting.stream().filter(f -> "BridgeLeave".equals(f.get("Event")) && agent.equals(f.get("Channel")))
                .findFirst().orElseThrow().get("BridgeUniqueid");
        send("Action: CancelAtxfer\r\nActionID: cancel-1\r\n\r\n");
        send("Action: CancelAtxfer\r\nChannel: PJSIP/1001-7fffffff\r\nActionID: cancel-2\r\n\r\n");
        send("Action: CancelAtxfer\r\nChannel: " + agent + "\r\nActionID: cancel-3\r\n\r\n");
        List<Map<String, String>> frames = eventsUntil(f -> "Hangup".equals(f.get("Event")) && colleague.get("Channel").equals(f.get("Channel")));

        assertThat(response(frames, "cancel-1")).containsEntry("Response", "Error").containsEntry("Message", "No channel specified");
        assertThat(response(frames, "cancel-2")).containsEntry("Response", "Error").containsEntry("Message", "Channel specified does not exist");
        assertThat(response(frames, "cancel-3")).containsEntry("Response", "Success").containsEntry("Message", "CancelAtxfer successfully queued");
        List<Map<String, String>> events = frames.stream().filter(f -> f.containsKey("Event")).toList();
        assertThat(events.stream().filter(f -> "DTMFEnd".equals(f.get("Event"))).map(f -> f.get("Channel") + " " + f.get("Digit")))
                .as("atxferabort played into the agent's channel").containsExactly(agent + " *", agent + " 1");
        assertThat(events.stream().map(f -> f.get("Event") + " " + f.get("Channel") + " " + f.get("BridgeUniqueid")).toList())
                .as("the agent back in the caller's bridge, off hold, before the colleague goes")
                .containsSubsequence("BridgeEnter " + agent + " " + callersBridge, "Unhold " + agent + " null",
                        "Hangup " + colleague.get("Channel") + " null");
        assertThat(events).filteredOn(f -> "AttendedTransfer".equals(f.get("Event")) || "AgentComplete".equals(f.get("Event")))
                .as("nothing was transferred").isEmpty();
        assertHeadersCover(events, capture("R08-pjsip-atxfer-then-hangup-action.ami"));

        send("Action: Hangup\r\nChannel: " + agent + "\r\nCause: 16\r\nActionID: hangup-1\r\n\r\n");
        List<Map<String, String>> ended = eventsUntil(f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier"));
        assertThat(ended).filteredOn(f -> "AgentComplete".equals(f.get("Event"))).singleElement()
                .as("the call goes on with the agent until she hangs up").satisfies(f -> assertThat(f).containsEntry("Reason", "agent"));
    }

    @Test
    void parkAndRetrievalAreToldAsTheRealCaptureDoes() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("2125550100", "PSTN Caller", "8005551000", "sales", "1001", 0.2, 100));
        Map<String, String> answered = answeredAndBridged();
        send("Action: Park\r\nChannel: " + answered.get("Channel") + "\r\nTimeoutChannel: " + answered.get("DestChannel")
                + "\r\nTimeout: 45000\r\nActionID: park-1\r\n\r\n");
        String answer = rawFrame();
        while (!answer.contains("ActionID: park-1")) {
            answer = rawFrame();
        }
        assertThat(answer).as("the Message ends in a bare LF, as the capture's bytes show")
                .isEqualTo("Response: Success\r\nActionID: park-1\r\nMessage: Park successful\n\r\n\r\n");
        List<Map<String, String>> parkedEvents = eventsUntil(f -> "Hangup".equals(f.get("Event")) && answered.get("DestChannel").equals(f.get("Channel")));
        List<Map<String, String>> real = capture("R10-pjsip-park-and-retrieve.ami");
        assertHeadersCover(parkedEvents, real.stream().filter(f -> !f.containsKey("ActionID")).toList());
        assertThat(names(parkedEvents)).containsExactly("BridgeCreate", "BridgeLeave", "ParkedCall", "BridgeEnter", "BridgeLeave",
                "BridgeDestroy", "Hangup");
        assertThat(parkedEvents).filteredOn(f -> "ParkedCall".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("ParkingSpace", "701").containsEntry("ParkerDialString", "PJSIP/1001")
                        .containsEntry("ParkingTimeout", "45"));

        send("Action: ParkedCalls\r\nActionID: parkedcalls-1\r\n\r\n");
        List<Map<String, String>> list = eventsUntil(f -> "ParkedCallsComplete".equals(f.get("Event")));
        assertThat(response(list, "parkedcalls-1")).containsEntry("EventList", "start").containsEntry("Message", "Parked calls will follow");
        assertHeadersCover(list.stream().filter(f -> f.containsKey("Event")).toList(),
                real.stream().filter(f -> "parkedcalls-1".equals(f.get("ActionID"))).toList());
        assertThat(list).filteredOn(f -> "ParkedCall".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).doesNotContainKeys("Timestamp", "Privilege").containsEntry("ActionID", "parkedcalls-1"));
        assertThat(list.get(list.size() - 1)).containsEntry("ListItems", "1").containsEntry("Total", "1");

        send("Action: Originate\r\nChannel: PJSIP/1002\r\nContext: parkedcalls\r\nExten: 701\r\nPriority: 1\r\n"
                + "CallerID: \"Bob\" <1002>\r\nTimeout: 20000\r\nAsync: true\r\nActionID: retrieve-1\r\n\r\n");
        List<Map<String, String>> retrieved = eventsUntil(f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/1002"));
        List<Map<String, String>> afterList = real.subList(real.indexOf(real.stream()
                .filter(f -> "ParkedCallsComplete".equals(f.get("Event"))).findFirst().orElseThrow()) + 1, real.size());
        List<Map<String, String>> events = retrieved.stream().filter(f -> f.containsKey("Event")).toList();
        assertThat(names(events)).containsExactlyElementsOf(names(upTo(afterList,
                f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/1002"))));
        assertHeadersCover(events, real);
        assertThat(events).filteredOn(f -> "AgentComplete".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Reason", "caller").doesNotContainKey("Channel"));
        assertThat(events).filteredOn(f -> "UnParkedCall".equals(f.get("Event"))).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("RetrieverContext", "parkedcalls").containsEntry("RetrieverExten", "701"));
    }

    /** The names from the first {@code from} on: how a call ends, whatever led up to it. */
    private static List<String> tail(List<String> names, String from) {
        return names.subList(names.indexOf(from), names.size());
    }

    @Test
    void abandonedRingAllCallHasTheEventsAndHeadersOfTheCapture() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAbandoned("5550123456", "PSTN Caller", "8005551001", "sales-ringall",
                List.of("1002", "1001"), 8));
        List<Map<String, String>> played = eventsUntil(f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier"));
        List<Map<String, String>> real = capture("02-inbound-queue-abandoned.ami");

        assertThat(names(played)).containsSubsequence("QueueCallerJoin", "AgentCalled", "DialBegin", "AgentCalled",
                "DialBegin", "HangupRequest", "DialEnd", "DialEnd", "Hangup", "Hangup", "QueueCallerAbandon",
                "QueueCallerLeave", "Hangup");
        assertHeadersCover(played, real);
        assertThat(played).filteredOn(f -> "HangupRequest".equals(f.get("Event"))).first()
                .satisfies(f -> assertThat(f).doesNotContainKey("Cause"));
    }

    @Test
    void coreShowChannelsListsLiveChannelsLikeTheCapture() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("5550123456", "PSTN Caller", "8005551000", "sales", "1001", 1, 200));
        eventsUntil(f -> "BridgeEnter".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier"));
        send("Action: CoreShowChannels\r\nActionID: csc-1\r\n\r\n");
        List<Map<String, String>> listed = eventsUntil(f -> "CoreShowChannelsComplete".equals(f.get("Event")));
        List<Map<String, String>> real = capture("P06-pjsip-coreshowchannels-during-call.ami").stream()
                .filter(f -> f.get("Event").startsWith("CoreShowChannel")).toList();

        List<Map<String, String>> channels = listed.stream().filter(f -> "CoreShowChannel".equals(f.get("Event"))).toList();
        assertThat(channels).hasSize(2).allSatisfy(f -> assertThat(f).containsEntry("ActionID", "csc-1"));
        assertHeadersCover(channels, real);
        assertThat(listed.get(listed.size() - 1)).containsEntry("ListItems", "2").containsEntry("EventList", "Complete");
        assertThat(channels).extracting(f -> f.get("BridgeId")).doesNotContain("").hasSize(2);
    }

    @Test
    void recordedCallLeavesAWavFileInTheSpool() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("5550123456", "PSTN Caller", "8005551000", "sales", "1001", 1, 1));
        List<Map<String, String>> played = eventsUntil(f -> "Hangup".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier"));
        String file = played.stream().filter(f -> "MIXMONITOR_FILENAME".equals(f.get("Variable"))).findFirst().orElseThrow().get("Value");

        assertThat(file).startsWith("/var/spool/asterisk/monitor/").endsWith(".wav");
        Path local = pbx.settings().spoolDir().resolve(Path.of(file).getFileName());
        assertThat(local).exists();
        byte[] wav = Files.readAllBytes(local);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    }

    // ---------------------------------------------------------------------------------------------

    private void login() throws IOException {
        in.readLine();
        send("Action: Login\r\nUsername: crm\r\nSecret: crm-secret\r\nActionID: l\r\n\r\n");
        frame();
        frame();
    }

    private void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Map<String, String> frame() throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (!f.isEmpty()) {
                    return f;
                }
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon > 0) {
                f.put(line.substring(0, colon), line.substring(colon + 2));
            } else if (line.endsWith(":")) {
                f.put(line.substring(0, line.length() - 1), "");
            }
        }
        throw new IOException("connection closed");
    }

    private static Map<String, String> response(List<Map<String, String>> frames, String actionId) {
        return frames.stream().filter(f -> f.containsKey("Response") && actionId.equals(f.get("ActionID"))).findFirst().orElseThrow();
    }

    /** Waits until the queue call is answered and both its channels are in their bridge; its AgentConnect. */
    /** A queue call alice (1001) answers, then the AMI Atxfer of her channel to 1002 (as R08); the answering AgentConnect. */
    private Map<String, String> agentAtxfersTo1002() throws IOException {
        login();
        pbx.play(() -> pbx.calls().queueAnswered("2125550100", "PSTN Caller", "8005551000", "sales", "1001", 0.2, 100));
        Map<String, String> answered = answeredAndBridged();
        send("Action: Atxfer\r\nChannel: " + answered.get("DestChannel") + "\r\nExten: 1002\r\nContext: from-internal\r\nActionID: atxfer-1\r\n\r\n");
        return answered;
    }

    private Map<String, String> answeredAndBridged() throws IOException {
        List<Map<String, String>> frames = eventsUntil(f -> "BridgeEnter".equals(f.get("Event")) && f.get("Channel").startsWith("PJSIP/carrier"));
        return frames.stream().filter(f -> "AgentConnect".equals(f.get("Event"))).findFirst().orElseThrow();
    }

    /** The next message as its bytes say it, up to and with its empty line. */
    private String rawFrame() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (sb.length() > 2 && sb.toString().endsWith("\r\n\r\n")) {
                return sb.toString();
            }
        }
        throw new IOException("connection closed");
    }

    private List<Map<String, String>> eventsUntil(Predicate<Map<String, String>> last) throws IOException {
        List<Map<String, String>> frames = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> f = frame();
            frames.add(f);
            if (last.test(f)) {
                return frames;
            }
        }
        throw new AssertionError("the expected event never came");
    }

    private static List<Map<String, String>> capture(String file) throws IOException {
        String text = Files.readString(CAPTURES.resolve(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<Map<String, String>> frames = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String line : block.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    f.put(line.substring(0, colon), line.substring(colon + 2));
                } else if (line.endsWith(":")) {
                    f.put(line.substring(0, line.length() - 1), "");
                }
            }
            if (f.containsKey("Event")) {
                frames.add(f);
            }
        }
        return frames;
    }

    private static List<Map<String, String>> upTo(List<Map<String, String>> frames, Predicate<Map<String, String>> last) {
        for (int i = 0; i < frames.size(); i++) {
            if (last.test(frames.get(i))) {
                return frames.subList(0, i + 1);
            }
        }
        return frames;
    }

    private static List<String> names(List<Map<String, String>> frames) {
        return frames.stream().map(f -> f.get("Event")).filter(e -> e != null && !NOISE.contains(e)).toList();
    }

    /** An event type, told apart by whether it names a calling channel (an Originate's first DialBegin does not). */
    private static String shape(Map<String, String> f) {
        return f.get("Event") + (f.containsKey("Channel") ? "" : " without channel");
    }

    /** Every event type both sides sent carries at least the headers Asterisk put on it. */
    private static void assertHeadersCover(List<Map<String, String>> played, List<Map<String, String>> real) {
        Map<String, Set<String>> realHeaders = new LinkedHashMap<>();
        for (Map<String, String> f : real) {
            realHeaders.computeIfAbsent(shape(f), k -> new TreeSet<>()).addAll(f.keySet());
        }
        for (Map<String, String> f : played) {
            Set<String> expected = realHeaders.get(shape(f));
            if (expected != null && !f.get("Event").equals("Cdr")) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(f.keySet());
                missing.removeAll(Set.of("SystemName", "Forward"));
                if (f.get("Event").equals("HangupRequest")) {
                    missing.remove("Cause"); // absent when the hang-up is a SIP BYE, as the PJSIP captures show
                }
                assertThat(missing).as("headers of %s missing from the simulator", f.get("Event")).isEmpty();
            }
        }
    }
}
