package io.callcenter.crm.telephony;

import io.callcenter.crm.ServicesForNodes;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.tasks.Tasks;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application nodes on one PBX, one database, one Redis: the leader records the calls; when it dies
 * mid-call, the other node takes over and the call is stored right, as is a call that lives and ends
 * while the leadership changes hands.
 */
class LeaderFailoverIT {

    /** PostgreSQL, Redis, the store and the PBX, outliving both nodes. */
    private static ServicesForNodes services;
    private static PbxSimulator pbx;

    @BeforeAll
    static void startThePbxAndTheServices() {
        services = ServicesForNodes.start("failover", true);
        pbx = services.pbx();
    }

    @AfterAll
    static void stopThem() {
        services.close();
    }

    @Test
    void whenTheLeaderDiesMidCallTheOtherNodeStoresTheCallAndTheCallsThatFollow() {
        ConfigurableApplicationContext nodeA = node("a");
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.getBean(PbxLeadership.class).isLeader());
        try (ConfigurableApplicationContext nodeB = node("b")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> nodeB.getBean(AmiConnector.class).connected());
            assertThat(nodeB.getBean(PbxLeadership.class).isLeader()).isFalse();
            CallLog calls = nodeB.getBean(CallLog.class);

            // given a call alice answers, recorded by node A
            String talking = number();
            pbx.play(() -> pbx.calls().queueAnswered(talking, "Mid Call", "8005551000", "sales", "1001", 0.5, 4));
            await().atMost(Duration.ofSeconds(20)).until(() -> call(nodeB, talking)
                    .filter(c -> c.status() == CallStatus.IN_PROGRESS).isPresent());

            // when node A dies while they talk, and a caller rings and hangs up while the lead changes hands
            nodeA.close();
            String abandoned = number();
            pbx.play(() -> pbx.calls().queueAbandoned(abandoned, "Gone Quickly", "8005551000", "sales",
                    java.util.List.of("1002"), 0.3));

            // then node B leads and stores both as the PBX saw them
            await().atMost(Duration.ofSeconds(30)).until(() -> nodeB.getBean(PbxLeadership.class).isLeader());
            await().atMost(Duration.ofSeconds(30)).until(() -> call(nodeB, talking).filter(c -> c.endedAt() != null).isPresent()
                    && call(nodeB, abandoned).filter(c -> c.endedAt() != null).isPresent());
            Call first = call(nodeB, talking).orElseThrow();
            assertThat(first.status()).isEqualTo(CallStatus.ANSWERED);
            assertThat(first.agent()).isEqualTo("alice");
            assertThat(first.talkSeconds()).isBetween(3L, 5L);
            Call second = call(nodeB, abandoned).orElseThrow();
            assertThat(second.status()).isEqualTo(CallStatus.ABANDONED);
            assertThat(nodeB.getBean(Tasks.class).callbackFor(second.id())).isPresent();
            assertThat(calls.count(new CallFilter(first.contactId(), null, null, null, null, null))).isEqualTo(1);
        } finally {
            nodeA.close();
        }
    }

    @Test
    void shortCallsWhileBothNodesReconnectToARestartedDatabaseAreAllStoredOnce() throws Exception {
        try (ConfigurableApplicationContext nodeA = node("c"); ConfigurableApplicationContext nodeB = node("d")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> nodeA.getBean(PbxLeadership.class).isLeader()
                    || nodeB.getBean(PbxLeadership.class).isLeader());

            // given the database goes away (the lock's session with it)
            services.refuseDatabaseConnections(true);
            java.util.List<String> numbers = new java.util.ArrayList<>();
            try {
                // five callers ring and hang up while it is away
                for (int i = 0; i < 5; i++) {
                    numbers.add(abandonNow());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> pbx.activeCalls() == 0);
            } finally {
                services.refuseDatabaseConnections(false);
            }
            // and five more right as the nodes find it again
            for (int i = 0; i < 5; i++) {
                numbers.add(abandonNow());
            }

            // then each is stored once, as abandoned, whichever node took the lead
            await().atMost(Duration.ofSeconds(60)).until(() -> numbers.stream()
                    .allMatch(n -> call(nodeA, n).filter(c -> c.endedAt() != null).isPresent()));
            for (String n : numbers) {
                Call call = call(nodeA, n).orElseThrow();
                assertThat(call.status()).as(n).isEqualTo(CallStatus.ABANDONED);
                assertThat(nodeA.getBean(CallLog.class).count(new CallFilter(call.contactId(), null, null, null, null, null)))
                        .as(n).isEqualTo(1);
            }
            // the node that led before the outage finds its lock gone at its next heartbeat: one leader then
            await().atMost(Duration.ofSeconds(15)).until(() -> java.util.stream.Stream.of(nodeA, nodeB)
                    .filter(n -> n.getBean(PbxLeadership.class).isLeader()).count() == 1);
        }
    }

    private static String abandonNow() {
        String number = number();
        pbx.play(() -> pbx.calls().queueAbandoned(number, "Quick Caller", "8005551000", "sales", java.util.List.of("1002"), 0.3));
        return number;
    }

    private static Optional<Call> call(ConfigurableApplicationContext node, String number) {
        return node.getBean(Contacts.class).findByPhone(new PhoneNumber("+1" + number)).stream().findFirst()
                .flatMap(c -> node.getBean(CallLog.class).search(new CallFilter(c.id(), null, null, null, null, null), 0, 1)
                        .stream().findFirst());
    }

    private static ConfigurableApplicationContext node(String name) {
        return services.node("failover-" + name, "--crm.ami.heartbeat=1s", "--crm.ami.reconnect-delay=200ms",
                "--crm.ami.leader-lease=4s");
    }

    private static String number() {
        return "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
    }
}
