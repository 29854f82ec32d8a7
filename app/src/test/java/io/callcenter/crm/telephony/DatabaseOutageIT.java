package io.callcenter.crm.telephony;

import io.callcenter.crm.ServicesForNodes;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL refuses the application for a while during a burst of calls: the node keeps at most its
 * lanes' memory share of updates in memory and the rest on disk, loses nothing, and when the database is
 * back every call is stored as the PBX saw it.
 */
class DatabaseOutageIT {

    private static final int LANE_MEMORY = 8;

    private static ServicesForNodes services;
    private static PbxSimulator pbx;

    @BeforeAll
    static void startThePbxAndTheServices() {
        services = ServicesForNodes.start("outage", true);
        pbx = services.pbx();
    }

    @AfterAll
    static void stopThem() {
        services.close();
    }

    @Test
    void callsDuringADatabaseOutageAreAllStoredWhenItIsBackWithMemoryBounded() throws Exception {
        try (ConfigurableApplicationContext node = node()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> node.getBean(PbxLeadership.class).isLeader());
            CallPipeline lanes = node.getBean(CallPipeline.class);

            // given the database refuses the application
            services.refuseDatabaseConnections(true);
            try {
                // when 40 callers call and hang up meanwhile, all answered by alice or bob
                List<String> numbers = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String number = "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
                    numbers.add(number);
                    String agent = i % 2 == 0 ? "1001" : "1002";
                    pbx.play(() -> pbx.calls().queueAnswered(number, "Outage Caller", "8005551000", "sales", agent, 0.2, 0.5));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> pbx.activeCalls() == 0);
                await().atMost(Duration.ofSeconds(10)).until(() -> lanes.spilled() > 0);

                // then memory holds no more than each lane's share, the rest waits on disk
                assertThat(lanes.mostInMemory()).isLessThanOrEqualTo(LANE_MEMORY);
                assertThat(lanes.inFlight()).isGreaterThan(4L * LANE_MEMORY);

                // and when the database is back every call is stored, answered, with its agent
                services.refuseDatabaseConnections(false);
                await().atMost(Duration.ofSeconds(90)).until(() -> numbers.stream().allMatch(n ->
                        call(node, n).filter(c -> c.endedAt() != null).isPresent()));
                for (int i = 0; i < numbers.size(); i++) {
                    Call call = call(node, numbers.get(i)).orElseThrow();
                    assertThat(call.status()).as(numbers.get(i)).isEqualTo(CallStatus.ANSWERED);
                    assertThat(call.agent()).isEqualTo(i % 2 == 0 ? "alice" : "bob");
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> lanes.inFlight() == 0);
            } finally {
                services.refuseDatabaseConnections(false);
            }
        }
    }

    private static Optional<Call> call(ConfigurableApplicationContext node, String number) {
        return node.getBean(Contacts.class).findByPhone(new PhoneNumber("+1" + number)).stream().findFirst()
                .flatMap(c -> node.getBean(CallLog.class).search(new CallFilter(c.id(), null, null, null, null, null), 0, 1)
                        .stream().findFirst());
    }

    private static ConfigurableApplicationContext node() {
        return services.node("outage", "--crm.calls.lane-memory=" + LANE_MEMORY, "--crm.ami.heartbeat=1s",
                "--crm.ami.reconnect-delay=200ms", "--crm.ami.leader-lease=4s", "--spring.datasource.hikari.connection-timeout=1000");
    }
}
