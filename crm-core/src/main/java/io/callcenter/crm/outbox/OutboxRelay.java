package io.callcenter.crm.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the {@link Outbox}'s facts to their consumers, at least once, on every node: each pass locks
 * the due facts it takes ({@code for update skip locked}), so nodes share the work without handing one
 * fact to two of them at once, and deletes a fact once every consumer of it has acted. A consumer that
 * fails leaves the fact for later, with a growing delay (1 s doubling up to 5 minutes), and the pass
 * stops there so a store that is down is not asked again for every fact behind it. Order is the order
 * of writing, except that a fact waiting for a retry is overtaken by newer ones. A node takes only the
 * facts it has consumers for: during a rolling upgrade a fact new to older nodes waits for a newer one.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    private static final Duration MAX_DELAY = Duration.ofMinutes(5);

    private record Row(long id, String fact, String payload, int attempts) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration pollInterval;
    private final Map<String, List<FactConsumer<?>>> consumers = new HashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long backlog;
    private volatile long backlogMeasuredAt = System.nanoTime() - Long.MAX_VALUE / 2;
    private volatile Instant oldest;
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json, Outbox outbox, List<FactConsumer<?>> consumers,
                Optional<Clock> clock, @Value("${crm.outbox.poll-interval:PT1S}") Duration pollInterval) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.outbox = outbox;
        this.clock = clock.orElse(Clock.systemUTC());
        this.pollInterval = pollInterval;
        for (FactConsumer<?> consumer : consumers) {
            this.consumers.computeIfAbsent(consumer.fact().getSimpleName(), k -> new ArrayList<>()).add(consumer);
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                Pass pass = deliverDue();
                if (pass.taken() == BATCH && pass.failed() == 0) {
                    continue;
                }
                outbox.awaitWritten(pollInterval);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Could not deliver the outbox's facts ({}); trying again in {}", e.toString(), pollInterval);
                try {
                    outbox.awaitWritten(pollInterval);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** What one pass did. */
    public record Pass(int taken, int delivered, int failed) {
    }

    /** One pass over the facts due now: delivers them, deletes those delivered, puts off the one that failed. */
    public Pass deliverDue() {
        Pass pass = tx.execute(status -> {
            Instant now = clock.instant();
            List<Row> rows = jdbc.sql("""
                            select id, fact, payload, attempts from outbox
                             where next_attempt_at <= :now and fact = any(:facts)
                             order by id limit :batch for update skip locked""")
                    .param("now", Timestamp.from(now)).param("facts", consumers.keySet().toArray(String[]::new))
                    .param("batch", BATCH)
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("fact"), rs.getString("payload"),
                            rs.getInt("attempts")))
                    .list();
            List<Long> done = new ArrayList<>();
            int failed = 0;
            for (Row row : rows) {
                try {
                    deliver(row);
                    done.add(row.id());
                } catch (Exception e) {
                    failed++;
                    putOff(row, now, e);
                    break;
                }
            }
            if (!done.isEmpty()) {
                jdbc.sql("delete from outbox where id = any(:ids)").param("ids", done.toArray(Long[]::new)).update();
            }
            return new Pass(rows.size(), done.size(), failed);
        });
        delivered.addAndGet(pass.delivered());
        failures.addAndGet(pass.failed());
        if (System.nanoTime() - backlogMeasuredAt >= pollInterval.toNanos()) {
            measureBacklog();
        }
        return pass;
    }

    private void deliver(Row row) throws Exception {
        for (FactConsumer<?> consumer : consumers.get(row.fact())) {
            hand(consumer, row.payload());
        }
    }

    private <T> void hand(FactConsumer<T> consumer, String payload) throws Exception {
        consumer.accept(json.readValue(payload, consumer.fact()));
    }

    private void putOff(Row row, Instant now, Exception e) {
        int attempts = row.attempts() + 1;
        Duration delay = Duration.ofSeconds(1L << Math.min(attempts - 1, 16));
        if (delay.compareTo(MAX_DELAY) > 0) {
            delay = MAX_DELAY;
        }
        log.warn("Fact {} #{} not delivered (attempt {}): {}; next try in {}", row.fact(), row.id(), attempts, e.toString(),
                delay);
        jdbc.sql("update outbox set attempts = :attempts, next_attempt_at = :next, last_error = :error where id = :id")
                .param("attempts", attempts).param("next", Timestamp.from(now.plus(delay)))
                .param("error", e.toString()).param("id", row.id())
                .update();
    }

    /** The backlog for the metrics, counted at most once per poll interval (a pass runs after each commit). */
    private void measureBacklog() {
        backlogMeasuredAt = System.nanoTime();
        jdbc.sql("select count(*) as n, min(created_at) as oldest from outbox").query((rs, n) -> {
            backlog = rs.getLong("n");
            Timestamp t = rs.getTimestamp("oldest");
            oldest = t == null ? null : t.toInstant();
            return null;
        }).optional();
    }

    /** Facts not yet delivered, as last counted (at most a poll interval ago while passes run). */
    public long backlog() {
        return backlog;
    }

    /** How long the oldest fact not yet delivered has waited, as last counted; zero when none. */
    public Duration oldestWaiting() {
        Instant o = oldest;
        return o == null ? Duration.ZERO : Duration.between(o, clock.instant());
    }

    /** Facts delivered since start. */
    public long delivered() {
        return delivered.get();
    }

    /** Deliveries that failed since start (each is tried again later). */
    public long failures() {
        return failures.get();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
