package io.callcenter.crm.telephony;

import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.RecordedCall;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.telephony.tracker.CallUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Takes the tracker's decisions off its thread: each call's updates are recorded in order on one of a
 * few lanes (chosen by the call's PBX id), then announced. A database that is down holds its lane and
 * is retried until it is back, so no update is lost or reordered.
 */
@Component
public class CallPipeline implements Consumer<CallUpdate>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallPipeline.class);
    private static final int LANES = 4;

    private final CallLog callLog;
    private final Contacts contacts;
    private final Users users;
    private final CallEventPublisher bus;
    private final AgentLiveCalls live;
    private final ExecutorService[] lanes = new ExecutorService[LANES];
    private volatile boolean stopping;

    public CallPipeline(CallLog callLog, Contacts contacts, Users users, CallEventPublisher bus, AgentLiveCalls live) {
        this.live = live;
        this.callLog = callLog;
        this.contacts = contacts;
        this.users = users;
        this.bus = bus;
        for (int i = 0; i < LANES; i++) {
            int lane = i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "call-lane-" + lane);
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public void accept(CallUpdate update) {
        int lane = Math.floorMod(update.call().pbxKey().hashCode(), LANES);
        lanes[lane].execute(() -> process(update));
    }

    private void process(CallUpdate update) {
        RecordedCall recorded = recordWithRetry(update);
        if (recorded == null || !recorded.changed()) {
            return;
        }
        Call call = recorded.call();
        CallEvent event = switch (update.change()) {
            case RINGING -> describe(call, username(update.agentExtension()), update.agentExtension(), update.at());
            case RING_STOPPED -> new CallEvent.CallRingStopped(call.id(), username(update.agentExtension()), update.at());
            case ANSWERED, TRANSFERRED -> new CallEvent.CallAnswered(call.id(), call.agent(), update.at());
            case ENDED -> new CallEvent.CallEnded(call.id(), call.agent(), call.status(), call.endedAt());
            case STARTED -> null;
        };
        if (event != null) {
            CallEvent published = event;
            live.apply(event, () -> published instanceof CallEvent.CallRang rang ? rang
                    : describe(call, call.agent(), call.agentExtension(), call.startedAt()));
            bus.publish(event);
        }
    }

    /** The call as a screen-pop shows it to {@code agent}. */
    private CallEvent.CallRang describe(Call call, String agent, String extension, java.time.Instant at) {
        return new CallEvent.CallRang(call.id(), agent, extension, call.direction(), call.remoteNumber(),
                call.localNumber(), call.queue(), at, call.contactId() == null ? null : contacts.find(call.contactId())
                .map(c -> new CallEvent.ContactSummary(c.id(), c.name(), c.company())).orElse(null));
    }

    private RecordedCall recordWithRetry(CallUpdate update) {
        long delay = 200;
        while (true) {
            try {
                return callLog.record(update.call());
            } catch (RuntimeException e) {
                if (stopping) {
                    log.error("Stopping with call {} not recorded: {}", update.call().pbxKey(), e.toString());
                    return null;
                }
                log.warn("Could not record call {} ({}); retrying in {} ms", update.call().pbxKey(), e.toString(), delay);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                delay = Math.min(delay * 2, 10_000);
            }
        }
    }

    private String username(String extension) {
        return extension == null ? null : users.findByExtension(extension).map(UserAccount::username).orElse(null);
    }

    /** Waits until every update handed over so far is recorded (for an orderly stop, and for tests). */
    public void drain() throws Exception {
        for (ExecutorService lane : lanes) {
            lane.submit(() -> { }).get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void destroy() throws Exception {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ExecutorService lane : lanes) {
            if (!lane.awaitTermination(10, TimeUnit.SECONDS)) {
                stopping = true;
                lane.shutdownNow();
            }
        }
    }
}
