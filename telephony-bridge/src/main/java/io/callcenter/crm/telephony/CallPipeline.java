package io.callcenter.crm.telephony;

import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.RecordedCall;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.telephony.tracker.CallUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Takes the tracker's decisions off its thread: each call's updates are recorded in order on one of a
 * few lanes (chosen by the call's PBX id), then announced. A database that is down holds its lane and
 * is retried until it is back, so no update is lost or reordered. Announcing comes after recording and
 * cannot undo it: an announcement that fails (Redis gone, a listener's bug) is counted and logged, and
 * the lane goes on with the next update.
 */
@Component
public class CallPipeline implements Consumer<CallUpdate>, DisposableBean {

    /** Records snapshots in order, all or nothing (the call log, in production). */
    interface Recorder {
        List<RecordedCall> recordAll(List<CallSnapshot> snapshots);
    }

    private static final Logger log = LoggerFactory.getLogger(CallPipeline.class);
    private static final int LANES = 4;
    private static final int MAX_BATCH = 64;

    private final Recorder recorder;
    private final LongFunction<Optional<CallEvent.ContactSummary>> contactOf;
    private final Function<String, Optional<String>> usernameOf;
    private final CallEventPublisher bus;
    private final CallEventsInOrder inOrder;
    private final Lane[] lanes = new Lane[LANES];
    /** Updates handed over and not yet recorded and announced. */
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong announceFailures = new AtomicLong();
    private volatile boolean stopping;

    @Autowired
    CallPipeline(CallLog callLog, Contacts contacts, Users users, CallEventPublisher bus, CallEventsInOrder inOrder) {
        this(callLog::recordAll,
                id -> contacts.find(id).map(c -> new CallEvent.ContactSummary(c.id(), c.name(), c.company())),
                extension -> users.findByExtension(extension).map(UserAccount::username), bus, inOrder);
    }

    CallPipeline(Recorder recorder, LongFunction<Optional<CallEvent.ContactSummary>> contactOf,
                 Function<String, Optional<String>> usernameOf, CallEventPublisher bus, CallEventsInOrder inOrder) {
        this.recorder = recorder;
        this.contactOf = contactOf;
        this.usernameOf = usernameOf;
        this.bus = bus;
        this.inOrder = inOrder;
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new Lane("call-lane-" + i);
        }
    }

    @Override
    public void accept(CallUpdate update) {
        inFlight.incrementAndGet();
        lanes[Math.floorMod(update.call().pbxKey().hashCode(), LANES)].queue.add(update);
    }

    /**
     * One lane: takes what has queued up, records it in one transaction, then announces it, in order.
     * Under load the batches grow, so the database keeps up with bursts instead of one commit per event.
     */
    private final class Lane implements Runnable {
        final BlockingQueue<CallUpdate> queue = new LinkedBlockingQueue<>();
        final Thread thread;

        Lane(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            List<CallUpdate> batch = new ArrayList<>();
            while (!stopping || !queue.isEmpty()) {
                try {
                    CallUpdate first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    recordAndAnnounce(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    inFlight.addAndGet(-batch.size());
                    batch.clear();
                }
            }
        }
    }

    /** A phone that rings is announced as soon as it is recorded: the batch is cut right after it. */
    private void recordAndAnnounce(List<CallUpdate> batch) throws InterruptedException {
        int from = 0;
        while (from < batch.size()) {
            int to = from;
            while (to < batch.size() - 1 && batch.get(to).change() != CallUpdate.Change.RINGING) {
                to++;
            }
            List<CallUpdate> part = batch.subList(from, to + 1);
            List<RecordedCall> recorded = recordWithRetry(part);
            for (int i = 0; recorded != null && i < part.size(); i++) {
                announce(part.get(i), recorded.get(i));
            }
            from = to + 1;
        }
    }

    /** Tells every node; whatever goes wrong here is counted and logged, never undoes or holds up a record. */
    private void announce(CallUpdate update, RecordedCall recorded) {
        if (!recorded.changed()) {
            return;
        }
        CallEvent event;
        try {
            event = eventFor(update, recorded.call());
        } catch (RuntimeException e) {
            failedToAnnounce(update, "describing it", e);
            return;
        }
        if (event == null) {
            return;
        }
        Call call = recorded.call();
        try {
            inOrder.apply(event, () -> event instanceof CallEvent.CallRang rang ? rang
                    : describe(call, call.agent(), call.agentExtension(), call.startedAt()));
        } catch (RuntimeException e) {
            failedToAnnounce(update, "keeping the agent's live call", e);
        }
        try {
            bus.publish(event);
        } catch (RuntimeException e) {
            failedToAnnounce(update, "publishing it", e);
        }
    }

    private CallEvent eventFor(CallUpdate update, Call call) {
        return switch (update.change()) {
            case RINGING -> describe(call, username(update.agentExtension()), update.agentExtension(), update.at());
            case RING_STOPPED -> new CallEvent.CallRingStopped(call.id(), username(update.agentExtension()), update.at());
            case ANSWERED, TRANSFERRED -> new CallEvent.CallAnswered(call.id(), call.agent(), update.at());
            case ENDED -> new CallEvent.CallEnded(call.id(), call.agent(), call.status(), call.endedAt());
            case STARTED -> null;
        };
    }

    private void failedToAnnounce(CallUpdate update, String step, RuntimeException e) {
        announceFailures.incrementAndGet();
        log.warn("Recorded but could not announce {} of call {} ({}): {}", update.change(), update.call().pbxKey(), step,
                e.toString());
    }

    /** The call as a screen-pop shows it to {@code agent}. */
    private CallEvent.CallRang describe(Call call, String agent, String extension, Instant at) {
        return new CallEvent.CallRang(call.id(), agent, extension, call.direction(), call.remoteNumber(),
                call.localNumber(), call.queue(), at, call.contactId() == null ? null
                : contactOf.apply(call.contactId()).orElse(null));
    }

    /**
     * Records the batch; while the database is unreachable, waits and retries (nothing is dropped). A
     * batch refused for another reason is recorded one by one, so a single bad update is logged and
     * skipped instead of holding up every call behind it.
     */
    private List<RecordedCall> recordWithRetry(List<CallUpdate> batch) throws InterruptedException {
        List<CallSnapshot> snapshots = batch.stream().map(CallUpdate::call).toList();
        long delay = 200;
        while (true) {
            try {
                return recorder.recordAll(snapshots);
            } catch (TransientDataAccessException | RecoverableDataAccessException | DataAccessResourceFailureException
                     | CannotCreateTransactionException e) {
                if (stopping) {
                    log.error("Stopping with {} call update(s) not recorded: {}", batch.size(), e.toString());
                    return null;
                }
                log.warn("Could not record {} call update(s) ({}); retrying in {} ms", batch.size(), e.toString(), delay);
                Thread.sleep(delay);
                delay = Math.min(delay * 2, 10_000);
            } catch (RuntimeException e) {
                if (batch.size() == 1) {
                    log.error("Skipped a call update the database refused: {} ({})", batch.get(0), e.toString());
                    return List.of(new RecordedCall(null, false));
                }
                List<RecordedCall> one = new ArrayList<>();
                for (CallUpdate update : batch) {
                    List<RecordedCall> r = recordWithRetry(List.of(update));
                    if (r == null) {
                        return null;
                    }
                    one.addAll(r);
                }
                return one;
            }
        }
    }

    private record Name(String username, long loadedAt) {
    }

    private final Map<String, Name> usernames = new ConcurrentHashMap<>();

    /** The user with this extension; remembered for a minute so a burst of rings does not query each time. */
    private String username(String extension) {
        if (extension == null) {
            return null;
        }
        long now = System.nanoTime();
        Name name = usernames.get(extension);
        if (name == null || now - name.loadedAt() > TimeUnit.MINUTES.toNanos(1)) {
            name = new Name(usernameOf.apply(extension).orElse(null), now);
            usernames.put(extension, name);
        }
        return name.username();
    }

    /** Updates handed over and not yet recorded and announced. */
    public long inFlight() {
        return inFlight.get();
    }

    /** Announcements that failed since start (the records stand). */
    public long announceFailures() {
        return announceFailures.get();
    }

    /** Waits until every update handed over so far is recorded and announced (orderly stop, tests). */
    public void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void destroy() throws Exception {
        drain();
        stopping = true;
        for (Lane lane : lanes) {
            lane.thread.join(5000);
        }
    }
}
