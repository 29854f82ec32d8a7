package io.callcenter.crm.platform;

import io.callcenter.crm.outbox.OutboxRelay;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** The outbox as operators watch it: facts waiting, how long the oldest has waited, deliveries and failures. */
@Component
class OutboxMetrics implements MeterBinder {

    private final OutboxRelay relay;

    OutboxMetrics(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("crm.outbox.backlog", relay, OutboxRelay::backlog)
                .description("Facts (a call ended, a call-back owed) written and not yet delivered").register(registry);
        Gauge.builder("crm.outbox.oldest", relay, r -> r.oldestWaiting().toNanos() / 1e9).baseUnit("seconds")
                .description("How long the oldest undelivered fact has waited").register(registry);
        FunctionCounter.builder("crm.outbox.delivered", relay, OutboxRelay::delivered)
                .description("Facts delivered by this node").register(registry);
        FunctionCounter.builder("crm.outbox.failures", relay, OutboxRelay::failures)
                .description("Deliveries that failed on this node (each is tried again)").register(registry);
    }
}
