package io.callcenter.crm.telephony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallEndCause;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.campaigns.DidCampaigns;
import io.callcenter.crm.contacts.Contact;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.outbox.OutboxRelay;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.crm.telephony.screenpop.LiveCall;
import io.callcenter.crm.telephony.screenpop.ScreenPops;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bridge over real TCP to the PBX simulator, storing into the embedded PostgreSQL, fanning out over Redis. */
class TelephonyBridgeIT extends ApplicationIT {

    @Autowired PbxSimulator pbx;
    @Autowired CallLog callLog;
    @Autowired Contacts contacts;
    @Autowired Tasks tasks;
    @Autowired DidCampaigns campaigns;
    @Autowired AmiConnector ami;
    @Autowired PbxLeadership leadership;
    @Autowired CallPipeline pipeline;
    @Autowired AgentStatus agentStatus;
    @Autowired ObjectMapper json;
    @Autowired ScreenPops screenPops;
    @Autowired RecordingPause recordingPause;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired OutboxRelay outbox;
    @Value("${crm.redis.url}") String redisUrl;
    @LocalServerPort int port;

    private final List<JsonNode> published = new CopyOnWriteArrayList<>();
    private JedisPubSub subscription;

    @BeforeEach
    void listenToTheEventBus() {
        await().atMost(Duration.ofSeconds(20)).until(ami::connected);
        subscription = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                try {
                    published.add(json.readTree(message));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Thread t = new Thread(() -> {
            try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
                jedis.subscribe(subscription, "crm:call-events");
            }
        });
        t.setDaemon(true);
        t.start();
        await().until(subscription::isSubscribed);
    }

    @AfterEach
    void stopListening() {
        subscription.unsubscribe();
        pbx.refuseConnections(false);
    }

    @Test
    void queueCallAnsweredLandsOnANewContactWithAgentDurationsAndRecording() {
        String number = randomNumber();

        pbx.play(() -> pbx.calls().queueAnswered(number, "Ada Lovelace", "8005551000", "sales", "1001", 1.5, 3));

        Call call = awaitEnded(number);
        assertThat(call.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agent()).isEqualTo("alice");
        assertThat(call.agentExtension()).isEqualTo("1001");
        assertThat(call.queue()).isEqualTo("sales");
        assertThat(call.localNumber()).as("the DID, in E.164").isEqualTo("+18005551000");
        assertThat(call.remoteNumber()).isEqualTo("+1" + number);
        assertThat(call.waitSeconds()).isEqualTo(1);
        assertThat(call.talkSeconds()).isBetween(2L, 3L);
        assertThat(Duration.between(call.answeredAt(), call.endedAt()).toMillis()).isBetween(2900L, 3500L);
        assertThat(call.endApproximate()).as("its end was seen as it happened").isFalse();
        assertThat(call.recordingFile()).startsWith("/var/spool/asterisk/monitor/").endsWith(".wav");
        Contact contact = contacts.find(call.contactId()).orElseThrow();
        assertThat(contact.name()).isEqualTo("Ada Lovelace");
        assertThat(contact.phones()).containsExactly(new PhoneNumber("+1" + number));
        await().untilAsserted(() -> assertThat(eventTypes(call.id())).containsSubsequence("rang", "answered", "ended"));
        JsonNode rang = events(call.id()).stream().filter(e -> e.get("type").asText().equals("rang")).findFirst().orElseThrow();
        assertThat(rang.get("agent").asText()).isEqualTo("alice");
        assertThat(rang.get("contact").get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(rang.get("remoteNumber").asText()).isEqualTo("+1" + number);
    }

    @Test
    void abandonedCallLeavesACallbackThatALaterAnsweredCallCloses() {
        String number = randomNumber();

        pbx.play(() -> pbx.calls().queueAbandoned(number, "", "8005551001", "sales-ringall", List.of("1001", "1002"), 1.5));

        Call call = awaitEnded(number);
        assertThat(call.status()).isEqualTo(CallStatus.ABANDONED);
        assertThat(call.agent()).isNull();
        Task callback = callbackFor(call);
        assertThat(callback.status()).isEqualTo(Task.TaskStatus.OPEN);
        assertThat(callback.assignee()).isIn("alice", "bob");
        assertThat(callback.contactId()).isEqualTo(call.contactId());
        assertThat(contacts.find(call.contactId()).orElseThrow().name()).as("named after the number").isEqualTo("(" + number.substring(0, 3) + ") " + number.substring(3, 6) + "-" + number.substring(6));

        // when the same caller is answered later
        pbx.play(() -> pbx.calls().queueAnswered("1" + number, "", "8005551000", "sales", "1002", 0.5, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(number).stream().filter(c -> c.status() == CallStatus.ANSWERED).count() == 1);

        assertThat(tasks.find(callback.id()).orElseThrow().status()).isEqualTo(Task.TaskStatus.DONE);
        assertThat(contacts.findByPhone(new PhoneNumber("+1" + number))).as("still one contact for the number").hasSize(1);
    }

    @Test
    void queueTimeoutIsMissedWithACallbackForTheAgentWhoRang() {
        String number = randomNumber();

        pbx.play(() -> pbx.calls().queueMissed(number, "Grace Brown", "8005551000", "sales", "1001", 1, 2));

        Call call = awaitEnded(number);
        assertThat(call.status()).isEqualTo(CallStatus.MISSED);
        assertThat(callbackFor(call).assignee()).isEqualTo("alice");
    }

    @Test
    void ringAllIsOwnedByWhoeverAnswersAndTheOthersStopRinging() {
        String number = randomNumber();

        pbx.play(() -> pbx.calls().ringAllAnswered(number, "Ring All", "8005551001", "sales-ringall",
                List.of("1001", "1002"), "1002", 1, 1));

        Call call = awaitEnded(number);
        assertThat(call.agent()).isEqualTo("bob");
        await().untilAsserted(() -> {
            assertThat(events(call.id()).stream().filter(e -> e.get("type").asText().equals("rang")).map(e -> e.get("agent").asText()))
                    .containsExactlyInAnyOrder("alice", "bob");
            assertThat(events(call.id()).stream().filter(e -> e.get("type").asText().equals("ring-stopped")).map(e -> e.get("agent").asText()))
                    .containsExactly("alice");
        });
    }

    @Test
    void directCallNobodyAnswersIsMissed() {
        String number = randomNumber();

        pbx.play(() -> pbx.calls().directCall(number, "Direct Caller", "8005551002", "1002", false, 1, 0));

        Call call = awaitEnded(number);
        assertThat(call.status()).isEqualTo(CallStatus.MISSED);
        assertThat(call.localNumber()).isEqualTo("+18005551002");
        assertThat(callbackFor(call).assignee()).isEqualTo("bob");
    }

    @Test
    void blindAndAttendedTransfersEndWithTheAgentWhoTalkedLast() {
        String blind = randomNumber();
        String attended = randomNumber();

        pbx.play(() -> pbx.calls().blindTransfer(blind, "Blind", "8005551002", "1001", "1002", 1, 1));
        pbx.play(() -> pbx.calls().attendedTransfer(attended, "Attended", "8005551002", "1001", "1002", 1, 1));

        assertThat(awaitEnded(blind).agent()).isEqualTo("bob");
        assertThat(awaitEnded(attended).agent()).isEqualTo("bob");
        assertThat(calls(blind)).hasSize(1);
        assertThat(calls(attended)).hasSize(1);
    }

    @Test
    void internalAndOutboundCallsAreTheAgentsOwn() {
        String busy = randomNumber();
        String answered = randomNumber();
        int before = callLog.count(new CallFilter(null, "bob", null, null, CallDirection.INTERNAL, null));

        pbx.play(() -> pbx.calls().internalCall("1002", "1001", true, 0.5, 1));
        pbx.play(() -> pbx.calls().outboundCall("1001", busy, "BUSY", 0.5, 0));
        pbx.play(() -> pbx.calls().outboundCall("1001", answered, "ANSWER", 0.5, 1));

        Call out = awaitEnded(answered);
        assertThat(out.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(out.agent()).isEqualTo("alice");
        assertThat(out.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(awaitEnded(busy).status()).isEqualTo(CallStatus.BUSY);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                callLog.count(new CallFilter(null, "bob", null, null, CallDirection.INTERNAL, CallStatus.ANSWERED)) > before);
        Call internal = callLog.search(new CallFilter(null, "bob", null, null, CallDirection.INTERNAL, null), 0, 1).get(0);
        assertThat(internal.remoteNumber()).isEqualTo("1001");
        assertThat(internal.contactId()).isNull();
    }

    @Test
    void clickToCallRingsTheAgentThenDialsAndIsTheirOutboundCall() throws Exception {
        String number = randomNumber();

        HttpResponse<String> response = post("alice", "/api/calls/click-to-call", "{\"number\": \"(" + number.substring(0, 3) + ") "
                + number.substring(3, 6) + "-" + number.substring(6) + "\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        long callId = json.readTree(response.body()).get("callId").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> callLog.find(callId).orElseThrow().endedAt() != null);
        Call call = callLog.find(callId).orElseThrow();
        assertThat(call.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agent()).isEqualTo("alice");
        assertThat(call.remoteNumber()).isEqualTo("+1" + number);
        assertThat(calls(number)).as("one record, not one per leg").hasSize(1);
        assertThat(eventTypes(callId)).doesNotContain("rang");
    }

    @Test
    void aClickToCallTheAgentDoesNotAnswerEndsFailedWhenItsRingingTimesOut() throws Exception {
        // Asterisk says so with an OriginateResponse event (Response: Failure), which the connection must not take
        // for the answer to an action (R01)
        pbx.phoneAnswers("1001", false);
        try {
            Call call = clickToCallUntilItEnds("alice", randomNumber());
            long callId = call.id();
            assertThat(call.status()).isEqualTo(CallStatus.FAILED);
            assertThat(call.endCause()).isEqualTo(CallEndCause.AGENT_NO_ANSWER);
            assertThat(call.agent()).isEqualTo("alice");
            await().untilAsserted(() -> assertThat(events(callId)).anySatisfy(e -> assertThat(e.path("cause").asText())
                    .as("the agent's consoles hear why").isEqualTo("AGENT_NO_ANSWER")));
            assertThat(Duration.between(call.startedAt(), call.endedAt()))
                    .as("ended when Asterisk gave up ringing (crm.ami.originate-timeout, 3 s here), not later")
                    .isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(8));
        } finally {
            pbx.phoneAnswers("1001", true);
        }
    }

    @Test
    void aClickToCallWhoseOutsideLegCannotBeCreatedEndsFailedAtOnce() throws Exception {
        // the agent answers, but Asterisk cannot create the carrier's channel: only DIALSTATUS says so
        pbx.carrierReachable(false);
        try {
            String number = randomNumber();
            Call call = clickToCallUntilItEnds("bob", number);
            assertThat(call.status()).isEqualTo(CallStatus.FAILED);
            assertThat(call.endCause()).isEqualTo(CallEndCause.UNAVAILABLE);
            assertThat(call.agent()).isEqualTo("bob");
            assertThat(call.remoteNumber()).isEqualTo("+1" + number);
            assertThat(calls(number)).as("one record").hasSize(1);
        } finally {
            pbx.carrierReachable(true);
        }
    }

    @Test
    void aClickToCallToABusyNumberEndsBusyForTheAgent() throws Exception {
        pbx.carrierAnswers("BUSY");
        try {
            Call call = clickToCallUntilItEnds("alice", randomNumber());
            assertThat(call.status()).isEqualTo(CallStatus.BUSY);
            assertThat(call.endCause()).isEqualTo(CallEndCause.BUSY);
            assertThat(call.agent()).isEqualTo("alice");
        } finally {
            pbx.carrierAnswers("ANSWER");
        }
    }

    @Test
    void aCallDialedFromAPhoneThatFailsInsideAsteriskIsRecordedAsFailed() {
        String number = randomNumber();

        pbx.play(() -> pbx.calls().outboundCall("1002", number, "CHANUNAVAIL", 0, 0));

        Call call = awaitEnded(number);
        assertThat(call.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(call.status()).isEqualTo(CallStatus.FAILED);
        assertThat(call.endCause()).isEqualTo(CallEndCause.UNAVAILABLE);
        assertThat(call.agent()).isEqualTo("bob");
    }

    /** {@code user} clicks to call {@code number} through the API; the call once the PBX has ended it. */
    private Call clickToCallUntilItEnds(String user, String number) throws Exception {
        HttpResponse<String> response = post(user, "/api/calls/click-to-call", "{\"number\": \"" + number + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        long callId = json.readTree(response.body()).get("callId").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> callLog.find(callId).orElseThrow().endedAt() != null);
        return callLog.find(callId).orElseThrow();
    }

    @Test
    void clickToCallRefusalsAreClear() throws Exception {
        HttpResponse<String> bad = post("alice", "/api/calls/click-to-call", "{\"number\": \"call me\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"number\"");

        HttpResponse<String> noExtension = post("sam", "/api/calls/click-to-call", "{\"number\": \"5550100000\"}");
        assertThat(noExtension.statusCode()).isEqualTo(409);
        assertThat(noExtension.body()).contains("no phone extension");
    }

    @Test
    void callSurvivesTheSocketBeingKilledMidCallAndIsStoredOnce() {
        String number = randomNumber();
        pbx.play(() -> pbx.calls().queueAnswered(number, "Cut Off", "8005551000", "sales", "1002", 0.5, 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls(number).stream().anyMatch(c -> c.status() == CallStatus.IN_PROGRESS));

        pbx.dropConnections();

        Call call = awaitEnded(number);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agent()).isEqualTo("bob");
        assertThat(calls(number)).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(ami::connected);
    }

    @Test
    void aNodeThatLosesAsteriskGivesUpTheLeadAndTakesItAgainOnReconnecting() {
        await().atMost(Duration.ofSeconds(20)).until(leadership::isLeader);

        pbx.refuseConnections(true);
        try {
            // a node without Asterisk leaves the lead to one with it (before, it kept it and no node recorded)
            await().atMost(Duration.ofSeconds(10)).until(() -> !ami.connected() && !leadership.isLeader());
        } finally {
            pbx.refuseConnections(false);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> ami.connected() && leadership.isLeader());
    }

    @Test
    void aCallWhileRedisStopsAnsweringIsStoredAndTheNextCallIsAnnouncedAgain() {
        long failuresBefore = pipeline.announceFailures();
        String frozen = randomNumber();
        // Redis stops answering for 3 s (longer than the client's 2 s timeout) while a call rings and is answered
        Thread freeze = new Thread(() -> {
            try (Jedis jedis = new Jedis(URI.create(redisUrl), 10_000)) {
                jedis.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.UTF_8), "SLEEP", "3");
            }
        });
        pbx.play(() -> pbx.calls().queueAnswered(frozen, "Frozen Redis", "8005551000", "sales", "1001", 0.3, 1.5));
        freeze.start();

        Call call = awaitEnded(frozen);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agent()).isEqualTo("alice");
        assertThat(call.talkSeconds()).isBetween(1L, 2L);
        // announcing is off the lanes: the record did not wait for Redis, the failures are counted as they come
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pipeline.announceFailures())
                .as("what could not be announced is counted").isGreaterThan(failuresBefore));

        // once Redis answers again, calls are announced as before
        String after = randomNumber();
        published.clear();
        pbx.play(() -> pbx.calls().queueAnswered(after, "Redis Back", "8005551000", "sales", "1002", 0.3, 0.3));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.stream()
                .anyMatch(e -> "rang".equals(e.path("type").asText()) && e.path("remoteNumber").asText().endsWith(after)));
    }

    @Test
    void theEndOfACallWhileRedisIsDownReachesTheAgentsScreenOnceRedisIsBack() {
        String number = randomNumber();
        pbx.play(() -> pbx.calls().queueAnswered(number, "End In The Dark", "8005551000", "sales", "1001", 0.3, 1.5));
        await().atMost(Duration.ofSeconds(10)).until(() -> screenPops.current("alice")
                .filter(live -> live.phase() == LiveCall.Phase.TALKING && live.call().remoteNumber().endsWith(number))
                .isPresent());
        long failuresBefore = outbox.failures();

        // Redis stops answering for 5 s; the call ends 1.5 s into it
        try (Jedis jedis = new Jedis(URI.create(redisUrl), 10_000)) {
            jedis.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.UTF_8), "SLEEP", "5");
        }

        Call call = awaitEnded(number);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            LiveCall live = screenPops.current("alice").orElseThrow();
            assertThat(live.call().callId()).isEqualTo(call.id());
            assertThat(live.phase()).isEqualTo(LiveCall.Phase.WRAP_UP);
        });
        assertThat(outbox.failures()).as("the first delivery met the frozen Redis and was tried again")
                .isGreaterThan(failuresBefore);
        await().untilAsserted(() -> assertThat(eventTypes(call.id())).contains("ended"));
        screenPops.wrappedUp("alice", call.id(), null);
    }

    @Test
    void aReconnectWhileEventsStreamLogsInOnceAndLeavesNoCallOpen() throws Exception {
        // calls keep coming (10 a second) while the connection is cut
        pbx.startLoad(10, 30);
        try {
            long before = ami.eventsReceived();
            await().atMost(Duration.ofSeconds(20)).until(() -> ami.eventsReceived() > before + 500);
            int loginsBefore = logins();

            pbx.dropConnections();

            // one login, at once, however many events are on their way (nothing is asked at login but the
            // challenge, so a busy PBX cannot make it time out and loop)
            await().atMost(Duration.ofSeconds(10)).until(() -> logins() > loginsBefore && ami.connected()
                    && pbx.loggedInSessions() == 1);
            long after = ami.eventsReceived();
            await().atMost(Duration.ofSeconds(20)).until(() -> ami.eventsReceived() > after + 500);
            assertThat(logins()).isEqualTo(loginsBefore + 1);
        } finally {
            pbx.stopLoad();
        }

        // and once the calls are over, none is left open in our records
        await().atMost(Duration.ofSeconds(60)).until(() -> pbx.activeCalls() == 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(callLog.openCalls()).isEmpty());
    }

    private int logins() {
        return (int) pbx.actionsReceived().stream().filter(a -> "login".equalsIgnoreCase(a.get("action"))).count();
    }

    @Test
    void callThatEndsWhileDisconnectedIsClosedAfterReconnecting() {
        String number = randomNumber();
        pbx.play(() -> pbx.calls().queueAnswered(number, "Lost In Between", "8005551000", "sales", "1001", 0.5, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls(number).stream().anyMatch(c -> c.status() == CallStatus.IN_PROGRESS));

        pbx.refuseConnections(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> pbx.activeCalls() == 0);
        assertThat(calls(number).get(0).endedAt()).as("the hang-up was never seen").isNull();
        pbx.refuseConnections(false);

        Call call = awaitEnded(number);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agent()).isEqualTo("alice");
        assertThat(calls(number)).hasSize(1);
        assertThat(call.endApproximate()).as("its end is when the CRM saw it gone, and says so").isTrue();
    }

    @Test
    void malformedFramesAreSkippedAndTheNextCallIsTracked() {
        byte[] garbage = ("Event: Newchannel\r\nUniqueid\r\n\r\nno colon at all\r\n\r\nEvent: Hangup\r\nUniqueid: nobody.1\r\n\r\n"
                + "Event: DialBegin\r\nDestChannel: " + "9".repeat(200_000) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {'E', 'v', 'e', 'n', 't', ':', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\r', '\n', '\r', '\n'};
        pbx.sendRaw(garbage);
        pbx.sendRaw(notUtf8);
        String number = randomNumber();

        pbx.play(() -> pbx.calls().queueAnswered(number, "After Garbage", "8005551000", "sales", "1001", 0.5, 1));

        assertThat(awaitEnded(number).status()).isEqualTo(CallStatus.ANSWERED);
    }

    @Test
    void twoHundredConcurrentCallsAreAllStoredExactlyOnce() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            numbers.add(randomNumber());
        }
        for (int i = 0; i < numbers.size(); i++) {
            String number = numbers.get(i);
            String agent = i % 2 == 0 ? "1001" : "1002";
            pbx.play(() -> pbx.calls().queueAnswered(number, "Load " + number, "8005551000", "sales", agent, 1, 2));
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                numbers.stream().allMatch(n -> calls(n).stream().anyMatch(c -> c.endedAt() != null)));
        for (String number : numbers) {
            List<Call> calls = calls(number);
            assertThat(calls).as("calls from %s", number).hasSize(1);
            assertThat(calls.get(0).status()).isEqualTo(CallStatus.ANSWERED);
            assertThat(contacts.findByPhone(new PhoneNumber("+1" + number))).hasSize(1);
        }
    }

    @Test
    void twoCallsFromOneNewNumberAtTheSameMomentMakeOneContact() {
        String number = randomNumber();

        pbx.play(() -> pbx.calls().directCall(number, "Twin Caller", "8005551002", "1001", true, 0.5, 1));
        pbx.play(() -> pbx.calls().directCall("+1" + number, "Twin Caller", "8005551002", "1002", true, 0.5, 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> calls(number).stream().filter(c -> c.endedAt() != null).count() == 2);
        assertThat(contacts.findByPhone(new PhoneNumber("+1" + number))).hasSize(1);
        assertThat(calls(number)).extracting(Call::contactId).containsOnly(calls(number).get(0).contactId());
    }

    @Test
    void callerOnACampaignNumberGetsTheCampaignAsSource() {
        assertThat(campaigns.put("8005551003", "Spring radio ad")).isEmpty();
        String number = randomNumber();

        pbx.play(() -> pbx.calls().directCall(number, "Radio Listener", "8005551003", "1001", true, 0.5, 1));

        Call call = awaitEnded(number);
        assertThat(call.localNumber()).isEqualTo("+18005551003");
        assertThat(contacts.find(call.contactId()).orElseThrow().source()).isEqualTo("Spring radio ad");
    }

    @Test
    void aCampaignNumberIsRecognisedHoweverTheCarrierWritesIt() {
        // mapped as the admin wrote it; the carrier sends it with a country code, with or without '+'
        assertThat(campaigns.put("(800) 555-1004", "Billboard")).isEmpty();
        String first = randomNumber();
        String second = randomNumber();

        pbx.play(() -> pbx.calls().directCall(first, "Billboard Reader", "18005551004", "1001", true, 0.3, 0.5));
        pbx.play(() -> pbx.calls().directCall(second, "Billboard Driver", "+18005551004", "1002", true, 0.3, 0.5));

        for (String number : List.of(first, second)) {
            Call call = awaitEnded(number);
            assertThat(call.localNumber()).isEqualTo("+18005551004");
            assertThat(contacts.find(call.contactId()).orElseThrow().source()).as(number).isEqualTo("Billboard");
        }
        assertThat(campaigns.list()).extracting(DidCampaigns.Mapping::did).contains("+18005551004");
    }

    @Test
    void theAgentPausesAndResumesTheRecordingOfHerLiveCallAndEachIsKept() {
        String number = randomNumber();
        pbx.play(() -> pbx.calls().queueAnswered(number, "Card Reader", "8005551000", "sales", "1001", 0.3, 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls(number).stream().anyMatch(c -> c.status() == CallStatus.IN_PROGRESS));
        long id = calls(number).get(0).id();

        assertThat(recordingPause.set("bob", id, true).ok()).as("not bob's call").isFalse();
        RecordingPause.Result paused = recordingPause.set("alice", id, true);

        assertThat(paused.ok()).as(paused.message()).isTrue();
        assertThat(recordingPause.isPaused(id)).isTrue();
        assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a).containsEntry("action", "MixMonitorMute")
                .containsEntry("state", "1").containsEntry("direction", "both")
                .hasEntrySatisfying("channel", ch -> assertThat(ch).as("the caller's channel, which records").startsWith("PJSIP/carrier")));
        assertThat(recordingPause.set("alice", id, false).ok()).isTrue();
        assertThat(recordingPause.isPaused(id)).isFalse();
        assertThat(jdbc.sql("select username || ':' || paused from recording_pauses where call_id = :id order by at, id")
                .param("id", id).query(String.class).list()).containsExactly("alice:true", "alice:false");

        awaitEnded(number);
        assertThat(recordingPause.set("alice", id, true).message()).contains("not in progress");
    }

    @Test
    void pausingAnAgentPausesTheirPhoneInTheQueuesAndResumingUnpausesIt() {
        jdbc.sql("delete from agent_pauses where username = 'bob'").update();
        AgentStatus.Change paused = agentStatus.pause("bob", "Lunch");

        assertThat(paused.ok()).as(paused.message()).isTrue();
        assertThat(agentStatus.of("bob").availability()).isEqualTo(AgentStatus.Availability.PAUSED);
        assertThat(agentStatus.of("bob").reason()).isEqualTo("Lunch");
        assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a)
                .containsEntry("action", "QueuePause").containsEntry("interface", "PJSIP/1002")
                .containsEntry("paused", "true").containsEntry("reason", "Lunch"));
        assertThat(pbx.isPaused("1002", "sales")).as("the PBX rings bob no more").isTrue();

        assertThat(agentStatus.resume("bob").ok()).isTrue();
        assertThat(pbx.isPaused("1002", "sales")).isFalse();
        assertThat(agentStatus.of("bob").availability()).isEqualTo(AgentStatus.Availability.AVAILABLE);
        assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a)
                .containsEntry("action", "QueuePause").containsEntry("interface", "PJSIP/1002").containsEntry("paused", "false"));
        assertThat(agentStatus.pause("sam", null).ok()).as("no phone, nothing to pause").isFalse();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bobsPauses())
                .as("one pause, though the PBX told of it once per queue").containsExactly("Lunch:closed"));
    }

    @Test
    void thePausesEventsArrivingAfterTheAgentResumedDoNotPauseHerAgain() {
        jdbc.sql("delete from agent_pauses where username = 'bob'").update();
        assertThat(agentStatus.pause("bob", "Lunch").ok()).isTrue();
        Instant pausedBy = Instant.now();
        assertThat(agentStatus.resume("bob").ok()).isTrue();

        // Asterisk answers QueuePause before it sends the pause's events (R04): one of them, late, after the resume
        long micros = pausedBy.toEpochMilli() * 1000 - 1000;
        pbx.sendRaw(("Event: QueueMemberPause\r\nPrivilege: agent,all\r\nTimestamp: "
                + String.format(java.util.Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000)
                + "\r\nQueue: sales-ringall\r\nMemberName: Bob\r\nInterface: PJSIP/1002\r\nStateInterface: PJSIP/1002\r\n"
                + "Membership: static\r\nPenalty: 0\r\nCallsTaken: 0\r\nLastCall: 0\r\nInCall: 0\r\nStatus: 1\r\n"
                + "Paused: 1\r\nPausedReason: Lunch\r\nRinginuse: 0\r\nWrapuptime: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        // the PBX's pause events are followed in order: once alice's pause, sent after it, shows, bob's was seen
        pbx.pauseFromPhone("1001", true, "Coffee");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> agentStatus.of("alice").availability() == AgentStatus.Availability.PAUSED);
            assertThat(agentStatus.of("bob").availability()).as("resumed, whatever was still on its way").isEqualTo(AgentStatus.Availability.AVAILABLE);
            assertThat(bobsPauses()).containsExactly("Lunch:closed");
        } finally {
            pbx.pauseFromPhone("1001", false, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> agentStatus.of("alice").availability() == AgentStatus.Availability.AVAILABLE);
        }
    }

    @Test
    void aPauseMadeOnThePhoneIsTheAgentsStatusAndCountsAsPauseTime() {
        jdbc.sql("delete from agent_pauses where username = 'bob'").update();

        pbx.pauseFromPhone("1002", true, "Toilet");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(agentStatus.of("bob").availability()).isEqualTo(AgentStatus.Availability.PAUSED);
            assertThat(agentStatus.of("bob").reason()).isEqualTo("Toilet");
            assertThat(bobsPauses()).containsExactly("Toilet:open");
        });

        pbx.pauseFromPhone("1002", false, null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(agentStatus.of("bob").availability()).isEqualTo(AgentStatus.Availability.AVAILABLE);
            assertThat(bobsPauses()).containsExactly("Toilet:closed");
        });
    }

    private List<String> bobsPauses() {
        return jdbc.sql("select reason || ':' || case when ended_at is null then 'open' else 'closed' end from agent_pauses "
                + "where username = 'bob' order by started_at").query(String.class).list();
    }

    // ---------------------------------------------------------------------------------------------

    private static String randomNumber() {
        return "555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    private List<Call> calls(String number) {
        Optional<Contact> contact = contacts.findByPhone(new PhoneNumber("+1" + number)).stream().findFirst();
        return contact.map(c -> callLog.search(new CallFilter(c.id(), null, null, null, null, null), 0, 50)).orElse(List.of());
    }

    private Call awaitEnded(String number) {
        await().atMost(Duration.ofSeconds(30)).until(() -> calls(number).stream().anyMatch(c -> c.endedAt() != null));
        return calls(number).stream().filter(c -> c.endedAt() != null).findFirst().orElseThrow();
    }

    private Task callbackFor(Call call) {
        return tasks.list(new io.callcenter.crm.tasks.TaskFilter(null, call.contactId(), null), 0, 50).stream()
                .filter(t -> t.type() == Task.TaskType.CALLBACK && call.id() == t.callId())
                .findFirst().orElseThrow(() -> new AssertionError("no call-back for call " + call.id()));
    }

    private List<JsonNode> events(long callId) {
        return published.stream().filter(e -> e.get("callId").asLong() == callId).toList();
    }

    private List<String> eventTypes(long callId) {
        return events(callId).stream().map(e -> e.get("type").asText()).toList();
    }

    private HttpResponse<String> post(String user, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
