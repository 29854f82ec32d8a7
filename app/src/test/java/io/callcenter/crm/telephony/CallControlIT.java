package io.callcenter.crm.telephony;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.telephony.screenpop.ScreenPops;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent's call controls on the AMI wire, through the real connector and the simulator: blind transfer to an
 * agent, a queue and a number, attended transfer, hold and pick-up; and who may use them.
 */
class CallControlIT extends ApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired PbxSimulator pbx;
    @Autowired CallLog callLog;
    @Autowired CallControl callControl;
    @Autowired ScreenPops screenPops;
    @Autowired ClickToCall clickToCall;
    @Autowired AfterCallWork afterCallWork;
    @Autowired AgentStatus agentStatus;

    @AfterEach
    void phonesAnswerAgain() {
        pbx.phoneAnswers("1001", true);
        pbx.phoneAnswers("1002", true);
    }

    @Test
    void aBlindTransferToAColleagueHandsTheCallAndItsWrapUpToThem() {
        Call call = talkingWithAlice();
        CallControl.Target bob = target("alice", "Bob");

        CallControl.Result result = callControl.transfer("alice", call.id(), bob);

        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(lastAction("BlindTransfer")).hasEntrySatisfying("channel", ch -> assertThat(ch).startsWith("PJSIP/1001-"))
                .containsEntry("exten", "1002").containsEntry("context", "from-internal");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(callLog.find(call.id()).orElseThrow().agent()).isEqualTo("bob");
            assertThat(screenPops.current("alice")).as("off alice's screen").isEmpty();
            assertThat(screenPops.current("bob")).hasValueSatisfying(l -> assertThat(l.call().callId()).isEqualTo(call.id()));
        });

        assertThat(callControl.hangUp("bob", call.id()).ok()).isTrue();
        await().atMost(WAIT).until(() -> callLog.find(call.id()).orElseThrow().endedAt() != null);
        Call ended = callLog.find(call.id()).orElseThrow();
        assertThat(ended.status().name()).isEqualTo("ANSWERED");
        assertThat(ended.agent()).as("the wrap-up is bob's").isEqualTo("bob");
        assertThat(callLog.pendingWrapUps("alice", 0, 50)).extracting(Call::id).doesNotContain(call.id());
        assertThat(callLog.pendingWrapUps("bob", 0, 50)).extracting(Call::id).contains(call.id());
    }

    @Test
    void aBlindTransferToAQueueQueuesTheCallerForTheNextFreeAgent() {
        Call call = talkingWithAlice();
        CallControl.Target sales = callControl.transferTargets("alice").stream()
                .filter(t -> t instanceof CallControl.QueueTarget q && q.queue().equals("sales")).findFirst().orElseThrow();

        assertThat(callControl.transfer("alice", call.id(), sales).ok()).isTrue();

        assertThat(lastAction("BlindTransfer")).containsEntry("exten", "7000");
        await().atMost(WAIT).untilAsserted(() -> assertThat(callLog.find(call.id()).orElseThrow().agent())
                .as("bob, free, answers from the queue").isEqualTo("bob"));
        assertThat(callControl.hangUp("bob", call.id()).ok()).isTrue();
        await().atMost(WAIT).until(() -> callLog.find(call.id()).orElseThrow().endedAt() != null);
    }

    @Test
    void aBlindTransferToANumberSendsTheCallerOutThroughTheCarrier() {
        afterCallWork.limit(Duration.ofMinutes(5));
        try {
            transferToANumber();
        } finally {
            afterCallWork.limit(Duration.ZERO);
            agentStatus.resume("alice");
        }
    }

    private void transferToANumber() {
        Call call = talkingWithAlice(15);
        StringBuilder why = new StringBuilder();
        CallControl.Target outside = callControl.numberTarget("(555) 777-8888", why).orElseThrow();

        assertThat(callControl.transfer("alice", call.id(), outside).ok()).isTrue();

        assertThat(lastAction("BlindTransfer")).containsEntry("exten", "+15557778888");
        await().atMost(WAIT).untilAsserted(() -> assertThat(screenPops.current("alice")).as("alice is free").isEmpty());
        assertThat(callControl.hangUp("alice", call.id()).message()).as("the caller's outside call is not hers to end")
                .contains("your phone is no longer on this call");
        await().atMost(Duration.ofSeconds(60)).until(() -> callLog.find(call.id()).orElseThrow().endedAt() != null);
        assertThat(callLog.find(call.id()).orElseThrow().status().name()).isEqualTo("ANSWERED");
        assertThat(callLog.pendingWrapUps("alice", 0, 50)).as("its outcome is still hers to record")
                .extracting(Call::id).contains(call.id());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(agentStatus.of("alice").reason())
                .as("handed on long before its end: no after-call pause then").isNotEqualTo(io.callcenter.crm.agents.AgentTime.AFTER_CALL_WORK));
    }

    @Test
    void anAttendedTransferPutsTheCallerOnHoldCallsTheColleagueAndJoinsThemWhenTheAgentLeaves() {
        Call call = talkingWithAlice();
        CallControl.AgentTarget bob = (CallControl.AgentTarget) target("alice", "Bob");

        CallControl.Result consulting = callControl.consult("alice", call.id(), bob);
        assertThat(consulting.ok()).as(consulting.message()).isTrue();
        assertThat(lastAction("Atxfer")).hasEntrySatisfying("channel", ch -> assertThat(ch).startsWith("PJSIP/1001-"))
                .containsEntry("exten", "1002").containsEntry("context", "from-internal");
        // bob answers: alice's phone talks to him now (a reload of her desk asks the PBX this)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(callControl.live("alice", call.id()).consulting())
                .hasValueSatisfying(label -> assertThat(label).startsWith("Bob").endsWith("(1002)")));

        CallControl.Result completed = callControl.completeTransfer("alice", call.id());
        assertThat(completed.ok()).as(completed.message()).isTrue();
        assertThat(lastAction("Hangup")).as("alice's own phone leaves, not the caller")
                .hasEntrySatisfying("channel", ch -> assertThat(ch).startsWith("PJSIP/1001-"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(callLog.find(call.id()).orElseThrow().agent()).isEqualTo("bob");
            assertThat(screenPops.current("alice")).isEmpty();
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> callLog.find(call.id()).orElseThrow().endedAt() != null);
        assertThat(callLog.find(call.id()).orElseThrow().agent()).isEqualTo("bob");
    }

    @Test
    void cancellingAnAttendedTransferHangsUpTheColleagueAndBringsTheAgentBackToTheCaller() {
        Call call = talkingWithAlice();
        CallControl.AgentTarget bob = (CallControl.AgentTarget) target("alice", "Bob");
        assertThat(callControl.consult("alice", call.id(), bob).ok()).isTrue();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> callControl.live("alice", call.id()).consulting().isPresent());

        assertThat(callControl.cancelTransfer("bob", call.id()).message()).contains("only the agent on the call");
        CallControl.Result cancelled = callControl.cancelTransfer("alice", call.id());

        assertThat(cancelled.ok()).as(cancelled.message()).isTrue();
        assertThat(lastAction("CancelAtxfer")).hasEntrySatisfying("channel", ch -> assertThat(ch).as("alice's own phone").startsWith("PJSIP/1001-"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(callControl.live("alice", call.id()).consulting()).as("the consultation is over").isEmpty();
            assertThat(pbx.inCall("1002")).as("bob's phone hung up").isFalse();
            assertThat(screenPops.current("bob").map(l -> l.call().callId())).as("nothing of it left on bob's desk")
                    .isNotEqualTo(Optional.of(call.id()));
        });
        assertThat(screenPops.current("alice")).as("alice talks with the caller again")
                .hasValueSatisfying(l -> assertThat(l.call().callId()).isEqualTo(call.id()));
        assertThat(callLog.find(call.id()).orElseThrow().endedAt()).isNull();

        assertThat(callControl.hangUp("alice", call.id()).ok()).as("her phone is on the call again").isTrue();
        await().atMost(WAIT).until(() -> callLog.find(call.id()).orElseThrow().endedAt() != null);
        Call ended = callLog.find(call.id()).orElseThrow();
        assertThat(ended.agent()).isEqualTo("alice");
        assertThat(callLog.pendingWrapUps("alice", 0, 50)).extracting(Call::id).contains(call.id());
        assertThat(callLog.pendingWrapUps("bob", 0, 50)).extracting(Call::id).doesNotContain(call.id());
    }

    @Test
    void holdParksTheCallerAndPickUpRingsTheAgentsPhoneWithThemAgain() {
        Call call = talkingWithAlice();
        assertThat(callControl.pickUp("alice", call.id()).message()).isEqualTo("the call is not on hold");

        CallControl.Result held = callControl.hold("alice", call.id());

        assertThat(held.ok()).as(held.message()).isTrue();
        assertThat(lastAction("Park")).hasEntrySatisfying("channel", ch -> assertThat(ch).as("the caller").startsWith("PJSIP/carrier-"))
                .hasEntrySatisfying("timeoutchannel", ch -> assertThat(ch).as("back to alice").startsWith("PJSIP/1001-"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(callControl.live("alice", call.id()).heldAt()).hasValue("701"));
        assertThat(callLog.find(call.id()).orElseThrow().endedAt()).as("the caller waits").isNull();

        CallControl.Result picked = callControl.pickUp("alice", call.id());
        assertThat(picked.ok()).as(picked.message()).isTrue();
        assertThat(lastAction("Originate")).containsEntry("channel", "PJSIP/1001").containsEntry("context", "parkedcalls")
                .containsEntry("exten", "701");
        await().atMost(WAIT).until(() -> callControl.live("alice", call.id()).heldAt().isEmpty());

        // taken back, the call is hers to control as before: she hands it to bob
        await().atMost(WAIT).until(() -> pbx.inCall("1001"));
        CallControl.Result handed = callControl.transfer("alice", call.id(), target("alice", "Bob"));
        assertThat(handed.ok()).as(handed.message()).isTrue();
        assertThat(lastAction("BlindTransfer")).hasEntrySatisfying("channel", ch -> assertThat(ch).startsWith("PJSIP/1001-"));
        await().atMost(WAIT).until(() -> "bob".equals(callLog.find(call.id()).orElseThrow().agent()));
        assertThat(callControl.hangUp("bob", call.id()).ok()).isTrue();
        await().atMost(WAIT).until(() -> callLog.find(call.id()).orElseThrow().endedAt() != null);
        Call ended = callLog.find(call.id()).orElseThrow();
        assertThat(ended.agent()).isEqualTo("bob");
        assertThat(ended.status().name()).isEqualTo("ANSWERED");
    }

    @Test
    void onlyTheAgentOnTheCallControlsItAndImpossibleTargetsAreRefusedInWords() {
        Call call = talkingWithAlice();
        CallControl.Target bob = target("alice", "Bob");
        int actions = pbx.actionsReceived().size();

        assertThat(callControl.transfer("bob", call.id(), bob).message()).contains("only the agent on the call");
        assertThat(callControl.hold("bob", call.id()).message()).contains("only the agent on the call");
        assertThat(callControl.transfer("alice", call.id(), target("bob", "Alice")).message()).isEqualTo("that is your own phone");
        StringBuilder why = new StringBuilder();
        assertThat(callControl.numberTarget("555-CALL-NOW", why)).isEmpty();
        assertThat(why.toString()).contains("555-CALL-NOW");
        assertThat(clickToCall.call("alice", "555 010 1234")).as("one line per agent: no click-to-call while on a call")
                .isInstanceOfSatisfying(ClickToCallResult.Rejected.class, r -> {
                    assertThat(r.kind()).isEqualTo(ClickToCallResult.Kind.AGENT_BUSY);
                    assertThat(r.reason()).contains("you are on a call");
                });
        assertThat(pbx.actionsReceived()).as("nothing reached the PBX").hasSize(actions);
        assertThat(callControl.transferTargets("alice")).extracting(CallControl.Target::label)
                .contains("Queue sales").anyMatch(l -> l.startsWith("Bob") && l.endsWith("(1002)"))
                .noneMatch(l -> l.startsWith("Alice"));

        callControl.hangUp("alice", call.id());
        await().atMost(WAIT).until(() -> callLog.find(call.id()).orElseThrow().endedAt() != null);
        assertThat(callControl.transfer("alice", call.id(), bob).message()).isEqualTo("the call is not in progress");
    }

    @Test
    void anInternalCallShowsEachColleagueTheOtherAndLeavesBothScreensWithoutAWrapUp() {
        pbx.play(() -> pbx.calls().internalCall("1001", "1002", true, 1.5, 4));
        long internal = await().atMost(WAIT).until(() -> callLog.search(CallFilter.all().withAgent("alice"), 0, 1).stream()
                .filter(c -> c.direction().name().equals("INTERNAL") && c.endedAt() == null).findFirst(), java.util.Optional::isPresent).orElseThrow().id();

        await().atMost(WAIT).untilAsserted(() -> assertThat(screenPops.current("bob")).hasValueSatisfying(l -> {
            assertThat(l.phase()).isEqualTo(io.callcenter.crm.telephony.screenpop.LiveCall.Phase.RINGING);
            assertThat(l.call().remoteNumber()).as("bob sees who calls him").isEqualTo("1001");
        }));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(screenPops.current("bob")).hasValueSatisfying(l -> {
                assertThat(l.phase()).as("answered, not left ringing").isEqualTo(io.callcenter.crm.telephony.screenpop.LiveCall.Phase.TALKING);
                assertThat(l.call().remoteNumber()).isEqualTo("1001");
            });
            assertThat(screenPops.current("alice")).hasValueSatisfying(l -> {
                assertThat(l.phase()).isEqualTo(io.callcenter.crm.telephony.screenpop.LiveCall.Phase.TALKING);
                assertThat(l.call().remoteNumber()).as("alice sees whom she called, not herself").isEqualTo("1002");
            });
        });
        assertThat(callControl.live("alice", internal).consulting()).as("talking to a colleague is the call itself, not a consultation").isEmpty();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(screenPops.current("alice")).as("no wrap-up for a call between colleagues").isEmpty();
            assertThat(screenPops.current("bob")).isEmpty();
        });
    }

    private CallControl.Target target(String who, String labelStart) {
        return callControl.transferTargets(who).stream().filter(t -> t.label().startsWith(labelStart)).findFirst().orElseThrow();
    }

    /** A queue call alice answers and would talk on for a minute. */
    private Call talkingWithAlice() {
        return talkingWithAlice(60);
    }

    @Test
    void callsThatCameThroughNoQueueAreControlledToo() {
        // a caller who dialled alice's own number: consult bob, think better of it, then hang up
        String number = newNumber();
        pbx.play(() -> pbx.calls().directCall(number, "Direct Caller", "8005551002", "1001", true, 0.2, 60));
        Call direct = talking("alice", number);
        CallControl.AgentTarget bob = (CallControl.AgentTarget) target("alice", "Bob");
        assertThat(callControl.consult("alice", direct.id(), bob).ok()).isTrue();
        await().atMost(WAIT).until(() -> callControl.live("alice", direct.id()).consulting().isPresent());
        assertThat(callControl.cancelTransfer("alice", direct.id()).ok()).isTrue();
        await().atMost(WAIT).until(() -> callControl.live("alice", direct.id()).consulting().isEmpty() && !pbx.inCall("1002"));
        assertThat(callControl.hangUp("alice", direct.id()).ok()).isTrue();
        await().atMost(WAIT).until(() -> callLog.find(direct.id()).orElseThrow().endedAt() != null);
        assertThat(callLog.find(direct.id()).orElseThrow().agent()).isEqualTo("alice");

        // a number alice dialled from her phone: held, then picked up
        String dialled = newNumber();
        pbx.play(() -> pbx.calls().outboundCall("1001", dialled, "ANSWER", 0.2, 60));
        Call outbound = talking("alice", dialled);
        CallControl.Result held = callControl.hold("alice", outbound.id());
        assertThat(held.ok()).as(held.message()).isTrue();
        assertThat(lastAction("Park")).hasEntrySatisfying("channel", ch -> assertThat(ch).as("the far end").startsWith("PJSIP/carrier-"));
        await().atMost(WAIT).until(() -> callControl.live("alice", outbound.id()).heldAt().isPresent());
        assertThat(callControl.pickUp("alice", outbound.id()).ok()).isTrue();
        await().atMost(WAIT).until(() -> callControl.live("alice", outbound.id()).heldAt().isEmpty() && pbx.inCall("1001"));
        // taken back, she ends it from her desk
        CallControl.Result hungUp = callControl.hangUp("alice", outbound.id());
        assertThat(hungUp.ok()).as(hungUp.message()).isTrue();
        await().atMost(WAIT).until(() -> callLog.find(outbound.id()).orElseThrow().endedAt() != null);
        assertThat(callLog.find(outbound.id()).orElseThrow().agent()).isEqualTo("alice");

        // a call to a colleague that alice ends from her desk
        pbx.play(() -> pbx.calls().internalCall("1001", "1002", true, 0.2, 60));
        long internal = await().atMost(WAIT).until(() -> callLog.search(CallFilter.all().withAgent("alice"), 0, 1).stream()
                .filter(c -> c.direction().name().equals("INTERNAL") && c.endedAt() == null && c.answeredAt() != null).findFirst(),
                Optional::isPresent).orElseThrow().id();
        await().atMost(WAIT).until(() -> pbx.inCall("1002"));
        assertThat(callControl.hangUp("alice", internal).ok()).isTrue();
        await().atMost(WAIT).until(() -> callLog.find(internal).orElseThrow().endedAt() != null && !pbx.inCall("1002"));
    }

    /**
     * The quick start's own transfers (the load generator's scripts): the colleague who took the caller controls
     * the call from the desk like any other; the scripts used to sleep through the second leg, so a hang-up or a
     * "Talk first" from alice's desk was answered Success and nothing happened.
     */
    @Test
    void aCallTheScriptsHandedToAColleagueIsTheirsToControl() {
        // bob answers his own number and hands the caller to alice blind; she hangs up from her desk
        String blind = newNumber();
        pbx.play(() -> pbx.calls().blindTransfer(blind, "Handed Blind", "8005551002", "1002", "1001", 0.5, 60));
        Call handed = talking("alice", blind);
        await().atMost(WAIT).until(() -> "alice".equals(callLog.find(handed.id()).orElseThrow().agent()));
        CallControl.Result hungUp = callControl.hangUp("alice", handed.id());
        assertThat(hungUp.ok()).as(hungUp.message()).isTrue();
        await().atMost(WAIT).until(() -> callLog.find(handed.id()).orElseThrow().endedAt() != null && !pbx.inCall("1001"));

        // bob talks to alice first and completes; she consults bob in turn, cancels, then hangs up
        String attended = newNumber();
        pbx.play(() -> pbx.calls().attendedTransfer(attended, "Handed Attended", "8005551002", "1002", "1001", 0.5, 60));
        // (the call record, not alice's screen: her desk missed the caller after this transfer once in three
        // runs, a race still to find, see the note on issue 12)
        Call taken = await().atMost(WAIT).until(() -> callLog.search(CallFilter.all().withNumber(attended), 0, 1).stream()
                .filter(c -> "alice".equals(c.agent()) && c.answeredAt() != null).findFirst(), Optional::isPresent).orElseThrow();
        await().atMost(WAIT).until(() -> !pbx.inCall("1002"));
        CallControl.AgentTarget bob = (CallControl.AgentTarget) target("alice", "Bob");
        assertThat(callControl.consult("alice", taken.id(), bob).ok()).isTrue();
        await().atMost(WAIT).until(() -> callControl.live("alice", taken.id()).consulting().isPresent());
        assertThat(callControl.cancelTransfer("alice", taken.id()).ok()).isTrue();
        await().atMost(WAIT).until(() -> callControl.live("alice", taken.id()).consulting().isEmpty() && !pbx.inCall("1002"));
        assertThat(callControl.hangUp("alice", taken.id()).ok()).isTrue();
        await().atMost(WAIT).until(() -> callLog.find(taken.id()).orElseThrow().endedAt() != null && !pbx.inCall("1001"));
    }

    /** A caller's number no other test uses. */
    private static String newNumber() {
        return "555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    /** The call with {@code number} once {@code agent} talks on it and their screen shows it. */
    private Call talking(String agent, String number) {
        await().atMost(WAIT).until(() -> callLog.search(CallFilter.all().withNumber(number), 0, 1).stream()
                .anyMatch(c -> c.answeredAt() != null));
        Call call = callLog.search(CallFilter.all().withNumber(number), 0, 1).get(0);
        await().atMost(WAIT).until(() -> screenPops.current(agent).map(l -> l.call().callId() == call.id()).orElse(false));
        return call;
    }

    /** A queue call alice answers; the call would last {@code talkSeconds} if nobody acted on it. */
    private Call talkingWithAlice(double talkSeconds) {
        String number = newNumber();
        pbx.play(() -> pbx.calls().queueAnswered(number, "Control Caller", "8005551000", "sales", "1001", 0.2, talkSeconds));
        await().atMost(WAIT).until(() -> callLog.search(CallFilter.all().withNumber(number), 0, 1).stream()
                .anyMatch(c -> c.answeredAt() != null));
        Call call = callLog.search(CallFilter.all().withNumber(number), 0, 1).get(0);
        await().atMost(WAIT).until(() -> screenPops.current("alice").map(l -> l.call().callId() == call.id()).orElse(false));
        return call;
    }

    private Map<String, String> lastAction(String name) {
        var actions = pbx.actionsReceived();
        for (int i = actions.size() - 1; i >= 0; i--) {
            if (name.equalsIgnoreCase(actions.get(i).get("action"))) {
                return actions.get(i);
            }
        }
        throw new AssertionError("no " + name + " reached the PBX");
    }
}
