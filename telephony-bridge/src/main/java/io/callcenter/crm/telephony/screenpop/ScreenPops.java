package io.callcenter.crm.telephony.screenpop;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallEnded;
import io.callcenter.crm.outbox.FactConsumer;
import io.callcenter.crm.telephony.CallEvent;
import io.callcenter.crm.telephony.CallEventPublisher;
import io.callcenter.crm.telephony.CallEventsInOrder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The screen-pop: what each agent's screen shows of their live call, and how it gets there. On the node
 * that tracks the PBX it keeps every agent's live call in Redis in the order of the call's events; on
 * every node it pushes a ringing call to the agent's STOMP clients and tells the agent's open consoles
 * (any tab, any node) to show what the agent's live call is now. The end of a call comes from the
 * outbox ({@link CallEnded}, at least once): the screen moves to wrap-up even if Redis was down when the
 * call ended.
 */
@Service
public class ScreenPops implements CallEventsInOrder, FactConsumer<CallEnded> {

    private static final Logger log = LoggerFactory.getLogger(ScreenPops.class);

    /** An open console of an agent on this node, and the call it shows. */
    private static final class Follower {
        final String agent;
        final Consumer<Optional<LiveCall>> listener;
        volatile long shownCallId = -1;

        Follower(String agent, Consumer<Optional<LiveCall>> listener) {
            this.agent = agent;
            this.listener = listener;
        }
    }

    private final AgentLiveCalls liveCalls;
    private final ScreenPopFeed stomp;
    private final CallEventPublisher bus;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final Timer latency;
    private final Clock clock;

    ScreenPops(AgentLiveCalls liveCalls, ScreenPopFeed stomp, CallEventPublisher bus, MeterRegistry meters,
               Optional<Clock> clock) {
        this.liveCalls = liveCalls;
        this.stomp = stomp;
        this.bus = bus;
        this.clock = clock.orElse(Clock.systemUTC());
        this.latency = Timer.builder("crm.screenpop.latency")
                .description("From the PBX's ringing event (its clock) to the pop pushed to the agent's STOMP clients on this node")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** What the agent's screen should show now, if anything. */
    public Optional<LiveCall> current(String agent) {
        return liveCalls.of(agent);
    }

    /**
     * The call was wrapped up: its agent's screen shows it no more (unless a newer call replaced it), and their
     * consoles on every node hear of it. Comes from the outbox ({@link io.callcenter.crm.calls.CallWrappedUp}).
     */
    public void wrappedUp(String agent, long callId, String disposition) {
        liveCalls.clear(agent, callId);
        bus.publish(new CallEvent.CallWrappedUp(callId, agent, disposition));
    }

    /**
     * The agent handed the call on (a blind transfer the PBX took): it leaves their screen at once, wherever it
     * went (an agent, a queue, a number), and their consoles on every node hear of it.
     */
    public void handedOver(String agent, long callId, String to, java.time.Instant at) {
        CallEvent.CallHandedOver event = new CallEvent.CallHandedOver(callId, agent, to, at);
        liveCalls.apply(event, () -> null);
        bus.publish(event);
    }

    /** Whether the agent handed the call on (a transfer) before it ended; false when Redis cannot tell. */
    public boolean handedOver(String agent, long callId) {
        try {
            return liveCalls.handedOver(agent, callId);
        } catch (RuntimeException e) {
            log.warn("Could not tell whether {} handed call {} on: {}", agent, callId, e.toString());
            return false;
        }
    }

    /**
     * Tells {@code listener} what the agent's screen should show, now and whenever a call event changes it,
     * until the returned handle is run.
     */
    public Runnable follow(String agent, Consumer<Optional<LiveCall>> listener) {
        Follower follower = new Follower(agent, listener);
        followers.add(follower);
        deliver(follower);
        return () -> followers.remove(follower);
    }

    @Override
    public void apply(CallEvent event, Supplier<CallEvent.CallRang> describedAsRinging) {
        liveCalls.apply(event, describedAsRinging);
    }

    @Override
    public Class<CallEnded> fact() {
        return CallEnded.class;
    }

    /** The call ended: its agent's screen waits for the wrap-up (Redis must take it, or it comes again), and every node hears of it. */
    @Override
    public void accept(CallEnded ended) {
        CallEvent.CallEnded event = new CallEvent.CallEnded(ended.callId(), ended.agent(), ended.status(), ended.endedAt(),
                ended.remoteNumber(), ended.cause());
        if (ended.direction() == CallDirection.INTERNAL) {
            // a call between colleagues has no wrap-up: off both their screens
            for (String agent : new LinkedHashSet<>(Arrays.asList(ended.agent(), ended.lastRangAgent()))) {
                if (agent != null) {
                    liveCalls.endedWithoutWrapUp(agent, ended.callId());
                    bus.publish(agent.equals(ended.agent()) ? event
                            : new CallEvent.CallEnded(ended.callId(), agent, ended.status(), ended.endedAt()));
                }
            }
            return;
        }
        liveCalls.apply(event, () -> null);
        if (ended.agent() == null && ended.lastRangAgent() != null) {
            // nobody answered: the last phone to ring shows it no more, even if its ring-stopped was lost
            liveCalls.apply(new CallEvent.CallRingStopped(ended.callId(), ended.lastRangAgent(), ended.endedAt()), () -> null);
        }
        bus.publish(event);
    }

    /** Every node: a call event from the tracking node (through Redis) reaches the agents connected here. */
    @EventListener
    void on(CallEvent event) {
        if (event instanceof CallEvent.CallRang rang && rang.agent() != null) {
            stomp.push(rang);
            latency.record(Duration.between(rang.ringingAt(), clock.instant()));
        }
        for (Follower follower : followers) {
            if (follower.agent.equals(event.agent()) || follower.shownCallId == event.callId()) {
                deliver(follower);
            }
        }
    }

    private void deliver(Follower follower) {
        // one at a time per console: two events at once (a lane's answer, the outbox's end) must not hand it
        // an older read after a newer one
        synchronized (follower) {
            Optional<LiveCall> live = liveCalls.of(follower.agent);
            follower.shownCallId = live.map(l -> l.call().callId()).orElse(-1L);
            try {
                follower.listener.accept(live);
            } catch (RuntimeException e) {
                log.warn("A console of {} could not show its live call: {}", follower.agent, e.toString());
            }
        }
    }
}
