package io.callcenter.crm.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ApplicationIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox over the real PostgreSQL. Each test's facts are a kind only its own relays consume (the
 * application's relay leaves them alone), and passes are run by hand, with a clock the test moves.
 */
class OutboxIT extends ApplicationIT {

    /** A fact of the tests' own kind; {@code run} keeps one test's facts apart from another's. */
    record Probe(String run, String name) {
    }

    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ObjectMapper json;
    @Autowired Outbox outbox;

    private final String run = UUID.randomUUID().toString();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final MovableClock clock = new MovableClock();
    private volatile Predicate<String> failOn = name -> false;

    private final FactConsumer<Probe> consumer = new FactConsumer<>() {
        @Override
        public Class<Probe> fact() {
            return Probe.class;
        }

        @Override
        public void accept(Probe probe) {
            if (!probe.run().equals(run)) {
                return;
            }
            received.add(probe.name());
            if (failOn.test(probe.name())) {
                throw new IllegalStateException("store down for " + probe.name());
            }
        }
    };

    @BeforeEach
    void emptyOfProbes() {
        jdbc.sql("delete from outbox where fact = 'Probe'").update();
    }

    private OutboxRelay relay(FactConsumer<?> consumer) {
        return new OutboxRelay(jdbc, tx, json, outbox, List.of(consumer), Optional.of(clock), Duration.ofSeconds(1));
    }

    private void write(String... names) {
        tx.executeWithoutResult(status -> {
            for (String name : names) {
                outbox.add(new Probe(run, name));
            }
        });
    }

    @Test
    void aFactIsDeliveredIfAndOnlyIfItsChangeCommitted() {
        OutboxRelay relay = relay(consumer);
        write("kept");
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            outbox.add(new Probe(run, "rolled-back"));
            throw new IllegalStateException("the change fails");
        })).hasMessage("the change fails");

        OutboxRelay.Pass pass = relay.deliverDue();

        assertThat(pass.delivered()).isEqualTo(1);
        assertThat(received).containsExactly("kept");
        assertThat(probesLeft()).isZero();
    }

    @Test
    void aFactNeedsATransaction() {
        assertThatThrownBy(() -> outbox.add(new Probe(run, "alone")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no transaction");
    }

    @Test
    void aConsumerThatFailsGetsTheFactAgainLaterUntilItTakesIt() {
        OutboxRelay relay = relay(consumer);
        AtomicInteger failuresLeft = new AtomicInteger(2);
        failOn = name -> failuresLeft.getAndDecrement() > 0;
        write("owed");

        assertThat(relay.deliverDue().failed()).isEqualTo(1);
        assertThat(relay.deliverDue().taken()).as("put off for a second").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(relay.deliverDue().failed()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(relay.deliverDue().taken()).as("then for two").isZero();
        clock.advance(Duration.ofSeconds(1));
        OutboxRelay.Pass last = relay.deliverDue();

        assertThat(last.delivered()).isEqualTo(1);
        assertThat(received).containsExactly("owed", "owed", "owed");
        assertThat(relay.failures()).isEqualTo(2);
        assertThat(probesLeft()).isZero();
    }

    @Test
    void aFailureHoldsBackOnlyItsOwnFact() {
        OutboxRelay relay = relay(consumer);
        AtomicInteger failuresLeft = new AtomicInteger(1);
        failOn = name -> name.equals("first") && failuresLeft.getAndDecrement() > 0;
        write("first", "second", "third");

        OutboxRelay.Pass failing = relay.deliverDue();
        OutboxRelay.Pass next = relay.deliverDue();
        clock.advance(Duration.ofSeconds(1));
        OutboxRelay.Pass retry = relay.deliverDue();

        assertThat(failing).as("the pass stops at the failure").isEqualTo(new OutboxRelay.Pass(3, 0, 1));
        assertThat(next.delivered()).isEqualTo(2);
        assertThat(retry.delivered()).isEqualTo(1);
        assertThat(received).containsExactly("first", "second", "third", "first");
    }

    @Test
    void twoNodesNeverHandTheSameFactToBoth() throws Exception {
        // given 1,000 facts and two nodes' relays whose first deliveries happen at the same moment
        for (int i = 0; i < 1_000; i += 100) {
            List<String> names = new ArrayList<>();
            for (int j = i; j < i + 100; j++) {
                names.add("f" + j);
            }
            write(names.toArray(String[]::new));
        }
        CyclicBarrier bothInsideAPass = new CyclicBarrier(2);
        Set<Thread> waited = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        FactConsumer<Probe> counting = new FactConsumer<>() {
            @Override
            public Class<Probe> fact() {
                return Probe.class;
            }

            @Override
            public void accept(Probe probe) throws Exception {
                if (waited.add(Thread.currentThread())) {
                    bothInsideAPass.await(10, TimeUnit.SECONDS); // each holds its batch's locks here
                }
                deliveries.computeIfAbsent(probe.name(), k -> new AtomicInteger()).incrementAndGet();
            }
        };
        OutboxRelay a = relay(counting);
        OutboxRelay b = relay(counting);

        // when both work until nothing is left
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> byA = nodes.submit(() -> drain(a));
            Future<Integer> byB = nodes.submit(() -> drain(b));

            // then every fact was delivered exactly once, and both nodes took part
            assertThat(byA.get(60, TimeUnit.SECONDS)).isPositive();
            assertThat(byB.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            nodes.shutdownNow();
        }
        assertThat(deliveries).hasSize(1_000);
        assertThat(deliveries.values()).allMatch(n -> n.get() == 1);
        assertThat(probesLeft()).isZero();
    }

    private static int drain(OutboxRelay relay) {
        int delivered = 0;
        OutboxRelay.Pass pass;
        do {
            pass = relay.deliverDue();
            delivered += pass.delivered();
        } while (pass.taken() > 0);
        return delivered;
    }

    private long probesLeft() {
        return jdbc.sql("select count(*) from outbox where fact = 'Probe'").query(Long.class).single();
    }

    /** Real time, moved forward by the test. */
    private static final class MovableClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        void advance(Duration d) {
            ahead = ahead.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
