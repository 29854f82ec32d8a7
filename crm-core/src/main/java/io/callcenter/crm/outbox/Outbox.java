package io.callcenter.crm.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Facts other parts act on (a call ended, a call-back owed), written in the transaction of the change
 * they describe: a fact exists if and only if its change committed. {@link OutboxRelay} then delivers
 * each to its {@link FactConsumer}s at least once, whatever fails in between.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    /** Released after each commit that wrote a fact, so the relay delivers at once instead of at its next poll. */
    private final Semaphore written = new Semaphore(0);

    Outbox(JdbcClient jdbc, ObjectMapper json, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Adds a fact to the transaction in progress; there must be one. */
    public void add(Object fact) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("a fact is written with the change it describes: no transaction for " + fact);
        }
        String payload;
        try {
            payload = json.writeValueAsString(fact);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write fact " + fact, e);
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("insert into outbox (fact, payload, created_at, next_attempt_at) values (:fact, :payload, :now, :now)")
                .param("fact", fact.getClass().getSimpleName()).param("payload", payload).param("now", now)
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                written.release();
            }
        });
    }

    /** Waits until a fact is committed or {@code timeout} passes. */
    void awaitWritten(Duration timeout) throws InterruptedException {
        if (written.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            written.drainPermits();
        }
    }
}
