package io.callcenter.crm.telephony;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.agents.AgentTime;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After-call work on the AMI wire: the agent is paused in the queues when their call ends and unpaused when
 * the wrap-up is saved or the limit passes; a pause of their own stands.
 */
class AfterCallWorkIT extends ApplicationIT {

    @Autowired PbxSimulator pbx;
    @Autowired CallLog callLog;
    @Autowired AgentStatus agentStatus;
    @Autowired AfterCallWork afterCallWork;

    @BeforeEach
    void afterCallWorkOfFourSeconds() {
        // the other tests play calls without it (ApplicationIT)
        afterCallWork.limit(Duration.ofSeconds(4));
    }

    @AfterEach
    void bobIsAvailableAgain() {
        afterCallWork.limit(Duration.ZERO);
        agentStatus.resume("bob");
    }

    @Test
    void theEndOfACallPausesTheAgentUntilTheWrapUpIsSaved() {
        Call call = answeredByBob();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(pbx.isPaused("1002", "sales")).as("the PBX rings bob no more").isTrue();
            assertThat(agentStatus.of("bob").reason()).isEqualTo(AgentTime.AFTER_CALL_WORK);
        });
        assertThat(pbx.actionsReceived()).anySatisfy(a -> assertThat(a).containsEntry("action", "QueuePause")
                .containsEntry("interface", "PJSIP/1002").containsEntry("paused", "true")
                .containsEntry("reason", AgentTime.AFTER_CALL_WORK));

        callLog.wrapUp(call.id(), "Sale", null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(pbx.isPaused("1002", "sales")).as("saved: bob takes calls again").isFalse();
            assertThat(agentStatus.of("bob").availability()).isEqualTo(AgentStatus.Availability.AVAILABLE);
        });
    }

    @Test
    void withoutAWrapUpTheAgentIsAvailableAgainWhenTheLimitPasses() {
        answeredByBob();
        await().atMost(Duration.ofSeconds(10)).until(() -> pbx.isPaused("1002", "sales"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(pbx.isPaused("1002", "sales")).as("4 s after the end, unpaused on the PBX").isFalse();
            assertThat(agentStatus.of("bob").availability()).isEqualTo(AgentStatus.Availability.AVAILABLE);
        });
    }

    @Test
    void anAgentPausedForLunchStaysPausedForLunch() {
        assertThat(agentStatus.pause("bob", "Lunch").ok()).isTrue();
        Call call = answeredByBob();
        await().atMost(Duration.ofSeconds(10)).until(() -> callLog.find(call.id()).map(c -> c.endedAt() != null).orElse(false));
        callLog.wrapUp(call.id(), "Sale", null);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(agentStatus.of("bob").reason()).isEqualTo("Lunch");
            assertThat(pbx.isPaused("1002", "sales")).isTrue();
        });
    }

    private Call answeredByBob() {
        String number = "555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        pbx.play(() -> pbx.calls().queueAnswered(number, "After Call", "8005551000", "sales", "1002", 0.2, 0.3));
        await().atMost(Duration.ofSeconds(20)).until(() -> callLog.search(CallFilter.all().withNumber(number), 0, 1).stream()
                .anyMatch(c -> c.endedAt() != null));
        return callLog.search(CallFilter.all().withNumber(number), 0, 1).get(0);
    }
}
