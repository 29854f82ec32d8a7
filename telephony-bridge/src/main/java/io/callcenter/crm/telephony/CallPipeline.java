package io.callcenter.crm.telephony;

import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.RecordedCall;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.telephony.tracker.CallUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Takes the tracker's decisions off its thread: each call's updates are recorded in order on one of a
 * few lanes (chosen by the call's PBX id), then announced. A database that is down holds its lane and
 * is retried until it is back, so no update is lost or reordered; meanwhile each lane keeps a bounded
 * number of updates in memory and the rest on disk ({@link SpillingQueue}), so the heap stays flat
 * whatever the outage's length, and a node stopped during it records them when it starts again.
 *
 * <p>Announcing is done by a few announcer threads (a call's announcements always on the same one, in
 * order), never by a lane: a Redis that hangs delays pops, not records, and an announcement that fails
 * (Redis gone, a listener's bug) is counted and logged and undoes nothing. A phone that rings for a call
 * already recorded, with nothing of that call still waiting in its lane, is announced at once, before
 * the lane records the ring: the pop does not wait for other calls' writes, and carries the recorded
 * call's id. The end of a call is not announced here: the call log writes it to the outbox with the
 * record, and it is delivered from there at least once.
 */
@Component
public class CallPipeline implements Consumer<CallUpdate>, DisposableBean {

    /** Records snapshots in order, all or nothing (the call log, in production). */
    interface Recorder {
        List<RecordedCall> recordAll(List<CallSnapshot> snapshots);
    }

    private static final Logger log = LoggerFactory.getLogger(CallPipeline.class);
    private static final int LANES = 4;
    private static final int ANNOUNCERS = 2;
    /** Per announcer, announcements waiting; beyond, new ones are dropped and counted (Redis is hanging). */
    static final int ANNOUNCER_QUEUE = 10_000;
    /** Calls remembered for the pop's fast path; beyond this many open calls, rings take the lane's path. */
    private static final int CALLS_REMEMBERED = 100_000;
    private static final int MAX_BATCH = 64;
    /** Per lane, the updates kept in memory; beyond them, updates wait on disk (the database is down). */
    static final int LANE_MEMORY = 10_000;

    private final Recorder recorder;
    private final LongFunction<Optional<CallEvent.ContactSummary>> contactOf;
    private final Function<String, Optional<String>> usernameOf;
    private final CallEventPublisher bus;
    private final CallEventsInOrder inOrder;
    private final Lane[] lanes = new Lane[LANES];
    private final Announcer[] announcers = new Announcer[ANNOUNCERS];
    /** Per open call: its last recorded state and how many of its updates wait in its lane. */
    private final Map<String, OpenCall> openCalls = new ConcurrentHashMap<>();
    /** Updates handed over and not yet recorded and announced. */
    private final AtomicLong inFlight = new AtomicLong();
    /** Announcements handed to an announcer and not yet done. */
    private final AtomicLong announcing = new AtomicLong();
    private final AtomicLong fastPops = new AtomicLong();
    private final AtomicLong announceFailures = new AtomicLong();
    private volatile boolean stopping;

    @Autowired
    CallPipeline(CallLog callLog, Contacts contacts, Users users, CallEventPublisher bus, CallEventsInOrder inOrder,
                 ObjectMapper json, @Value("${crm.data-dir:./data}") Path dataDir,
                 @Value("${crm.calls.lane-memory:" + LANE_MEMORY + "}") int laneMemory) {
        this(callLog::recordAll,
                id -> contacts.find(id).map(c -> new CallEvent.ContactSummary(c.id(), c.name(), c.company())),
                extension -> users.findByExtension(extension).map(UserAccount::username), bus, inOrder, json,
                dataDir.resolve("call-lanes"), laneMemory);
    }

    /**
     * @param spillDir   where updates beyond {@code laneMemory} per lane wait, and where those a stopping
     *                   node could not record are kept for its next start
     */
    CallPipeline(Recorder recorder, LongFunction<Optional<CallEvent.ContactSummary>> contactOf,
                 Function<String, Optional<String>> usernameOf, CallEventPublisher bus, CallEventsInOrder inOrder,
                 ObjectMapper json, Path spillDir, int laneMemory) {
        this.recorder = recorder;
        this.contactOf = contactOf;
        this.usernameOf = usernameOf;
        this.bus = bus;
        this.inOrder = inOrder;
        SpillingQueue.Codec<Pending> codec = new SpillingQueue.Codec<>() {
            @Override
            public String write(Pending item) {
                try {
                    return json.writeValueAsString(item);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot write call update " + item, e);
                }
            }

            @Override
            public Pending read(String line) {
                try {
                    return json.readValue(line, Pending.class);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot read a kept call update: " + line, e);
                }
            }
        };
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new Lane("call-lane-" + i, new SpillingQueue<>(laneMemory, spillDir.resolve("lane-" + i + ".jsonl"), codec));
            inFlight.addAndGet(lanes[i].queue.onDisk());
        }
        for (int i = 0; i < ANNOUNCERS; i++) {
            announcers[i] = new Announcer("call-announcer-" + i);
            announcers[i].thread.start();
        }
        for (Lane lane : lanes) {
            lane.thread.start();
        }
    }

    /** A call with updates in the pipeline: what was last recorded of it, and how many updates wait in its lane. */
    private static final class OpenCall {
        volatile Call recorded;
        final AtomicLong unrecorded = new AtomicLong();
    }

    /** An update waiting in its lane; a node catching up on taking the lead records without announcing. */
    record Pending(CallUpdate update, boolean announce, long handedAtNanos) {
    }

    @Override
    public void accept(CallUpdate update) {
        hand(new Pending(update, true, System.nanoTime()));
    }

    /** Records the update without announcing it: a node catching up on what happened before it led. */
    public void acceptQuietly(CallUpdate update) {
        hand(new Pending(update, false, System.nanoTime()));
    }

    private void hand(Pending pending) {
        inFlight.incrementAndGet();
        CallUpdate update = pending.update();
        String key = update.call().pbxKey();
        OpenCall open = openCalls.get(key);
        if (open == null && openCalls.size() < CALLS_REMEMBERED) {
            open = openCalls.computeIfAbsent(key, k -> new OpenCall());
        }
        if (open != null) {
            Call recorded = open.recorded;
            if (pending.announce() && update.change() == CallUpdate.Change.RINGING && recorded != null
                    && open.unrecorded.get() == 0) {
                // the pop's fast path: the call is recorded and nothing of it waits, so ring now
                fastPops.incrementAndGet();
                announceLater(key, () -> announceNow(update, recorded, null));
                pending = new Pending(update, false, pending.handedAtNanos());
            }
            open.unrecorded.incrementAndGet();
        }
        lanes[Math.floorMod(key.hashCode(), LANES)].queue.add(pending);
    }

    /**
     * One lane: takes what has queued up, records it in one transaction, then announces it, in order.
     * Under load the batches grow, so the database keeps up with bursts instead of one commit per event.
     */
    private final class Lane implements Runnable {
        final SpillingQueue<Pending> queue;
        final Thread thread;
        /** When the batch being recorded now was handed over (its oldest update); 0 between batches. */
        volatile long workingSinceNanos;

        Lane(String name, SpillingQueue<Pending> queue) {
            this.queue = queue;
            thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            List<Pending> batch = new ArrayList<>();
            boolean gaveUp = false;
            while (!stopping || !queue.isEmpty() && !gaveUp) {
                try {
                    Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    workingSinceNanos = first.handedAtNanos();
                    queue.drainTo(batch, MAX_BATCH - 1);
                    int recorded = recordAndAnnounce(batch);
                    if (recorded < batch.size()) {
                        // stopping with the database down: kept for the next start
                        queue.returnToHead(List.copyOf(batch.subList(recorded, batch.size())));
                        gaveUp = true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    workingSinceNanos = 0;
                    inFlight.addAndGet(-batch.size());
                    batch.clear();
                }
            }
        }
    }

    /**
     * Records and announces the batch; returns how many of its updates were recorded (all, unless the node
     * stops while the database is down). A phone that rings is announced as soon as it is recorded: the
     * batch is cut right after it.
     */
    private int recordAndAnnounce(List<Pending> batch) throws InterruptedException {
        int from = 0;
        while (from < batch.size()) {
            int to = from;
            while (to < batch.size() - 1 && batch.get(to).update().change() != CallUpdate.Change.RINGING) {
                to++;
            }
            List<Pending> part = batch.subList(from, to + 1);
            List<RecordedCall> recorded = recordWithRetry(part.stream().map(Pending::update).toList());
            if (recorded == null) {
                return from;
            }
            for (int i = 0; i < part.size(); i++) {
                CallUpdate update = part.get(i).update();
                RecordedCall r = recorded.get(i);
                if (part.get(i).announce() && r.changed()) {
                    String before = agentBefore(update);
                    announceLater(update.call().pbxKey(), () -> announceNow(update, r.call(), before));
                }
                recordedOne(update, r);
            }
            from = to + 1;
        }
        return batch.size();
    }

    /** The call's agent as recorded before this update (the fast path's last record of it), or null. */
    private String agentBefore(CallUpdate update) {
        OpenCall open = openCalls.get(update.call().pbxKey());
        return open == null || open.recorded == null ? null : open.recorded.agent();
    }

    /** After an update is recorded (its announcement, if any, already handed on): what the fast path knows of its call. */
    private void recordedOne(CallUpdate update, RecordedCall recorded) {
        String key = update.call().pbxKey();
        OpenCall open = openCalls.get(key);
        if (open == null) {
            return;
        }
        if (recorded.call() != null) {
            open.recorded = recorded.call();
        }
        if (open.unrecorded.decrementAndGet() <= 0
                && (update.change() == CallUpdate.Change.ENDED || recorded.call() != null && recorded.call().endedAt() != null)) {
            openCalls.remove(key, open);
        }
    }

    /** Hands an announcement to the call's announcer; when it is full (Redis hanging), drops it and counts it. */
    private void announceLater(String pbxKey, Runnable announcement) {
        announcing.incrementAndGet();
        if (!announcers[Math.floorMod(pbxKey.hashCode(), ANNOUNCERS)].queue.offer(announcement)) {
            announcing.decrementAndGet();
            long failures = announceFailures.incrementAndGet();
            if (failures % 1000 == 1) {
                log.warn("Announcements are not keeping up (Redis slow or down?): {} dropped or failed so far; records are unaffected",
                        failures);
            }
        }
    }

    /** One announcer: runs its calls' announcements in the order they were handed over. */
    private final class Announcer implements Runnable {
        final java.util.concurrent.BlockingQueue<Runnable> queue = new java.util.concurrent.ArrayBlockingQueue<>(ANNOUNCER_QUEUE);
        final Thread thread;

        Announcer(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (!stopping || !queue.isEmpty()) {
                Runnable next;
                try {
                    next = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (next != null) {
                    try {
                        next.run();
                    } finally {
                        announcing.decrementAndGet();
                    }
                }
            }
        }
    }

    /** Tells every node; whatever goes wrong here is counted and logged, never undoes or holds up a record. */
    private void announceNow(CallUpdate update, Call call, String agentBefore) {
        CallEvent event;
        try {
            event = eventFor(update, call);
        } catch (RuntimeException e) {
            failedToAnnounce(update, "describing it", e);
            return;
        }
        if (event == null) {
            return;
        }
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
        String callee = update.change() == CallUpdate.Change.ANSWERED && call.direction() == CallDirection.INTERNAL
                ? username(update.agentExtension()) : null;
        if (callee != null && !callee.equals(call.agent())) {
            // an internal call: the colleague who answered talks too
            CallEvent.CallAnswered answered = new CallEvent.CallAnswered(call.id(), callee, update.at());
            try {
                inOrder.apply(answered, () -> describe(call, callee, update.agentExtension(), call.startedAt()));
                bus.publish(answered);
            } catch (RuntimeException e) {
                failedToAnnounce(update, "telling the colleague who answered", e);
            }
        }
        if (update.change() == CallUpdate.Change.TRANSFERRED && agentBefore != null && !agentBefore.equals(call.agent())) {
            // the agent who handed the call on: off their screen
            CallEvent.CallHandedOver handedOver = new CallEvent.CallHandedOver(call.id(), agentBefore, call.agent(), update.at());
            try {
                inOrder.apply(handedOver, () -> null);
                bus.publish(handedOver);
            } catch (RuntimeException e) {
                failedToAnnounce(update, "telling the agent who handed it over", e);
            }
        }
    }

    private CallEvent eventFor(CallUpdate update, Call call) {
        return switch (update.change()) {
            case RINGING -> describe(call, username(update.agentExtension()), update.agentExtension(), update.at());
            case RING_STOPPED -> new CallEvent.CallRingStopped(call.id(), username(update.agentExtension()), update.at());
            case ANSWERED, TRANSFERRED -> new CallEvent.CallAnswered(call.id(), call.agent(), update.at());
            // the end is a fact in the outbox, written with the record and delivered from there
            case ENDED, STARTED -> null;
        };
    }

    private void failedToAnnounce(CallUpdate update, String step, RuntimeException e) {
        announceFailures.incrementAndGet();
        log.warn("Recorded but could not announce {} of call {} ({}): {}", update.change(), update.call().pbxKey(), step,
                e.toString());
    }

    /** The call as a screen-pop shows it to {@code agent}. */
    private CallEvent.CallRang describe(Call call, String agent, String extension, Instant at) {
        // an internal call: each of the two agents sees the other's extension
        String remote = call.direction() == CallDirection.INTERNAL && extension != null && extension.equals(call.remoteNumber())
                ? call.agentExtension() : call.remoteNumber();
        return new CallEvent.CallRang(call.id(), agent, extension, call.direction(), remote,
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
                    log.warn("Stopping while the database is unreachable ({}): {} call update(s) kept for the next start",
                            e.toString(), batch.size());
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

    /** How long the oldest update not yet recorded and announced has waited; zero when none waits. */
    public java.time.Duration oldestWaiting() {
        long now = System.nanoTime();
        long oldest = now;
        for (Lane lane : lanes) {
            long working = lane.workingSinceNanos;
            if (working != 0) {
                oldest = Math.min(oldest, working);
            }
            long spilling = lane.queue.spillingSinceNanos();
            if (spilling != 0) {
                oldest = Math.min(oldest, spilling);
            }
            Pending head = lane.queue.peekInMemory();
            if (head != null) {
                oldest = Math.min(oldest, head.handedAtNanos());
            }
        }
        return java.time.Duration.ofNanos(now - oldest);
    }

    /** Updates that waited on disk since start because a lane's memory was full. */
    public long spilled() {
        long n = 0;
        for (Lane lane : lanes) {
            n += lane.queue.spilled();
        }
        return n;
    }

    /** The most updates any lane holds in memory now (bounded by its share; the rest waits on disk). */
    public int mostInMemory() {
        int most = 0;
        for (Lane lane : lanes) {
            most = Math.max(most, lane.queue.inMemory());
        }
        return most;
    }

    /** Announcements that failed since start (the records stand). */
    public long announceFailures() {
        return announceFailures.get();
    }

    /** Rings announced before their lane recorded them (the pop's fast path), since start. */
    public long fastPops() {
        return fastPops.get();
    }

    /** Waits until every update handed over so far is recorded and announced (orderly stop, tests). */
    public void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((inFlight.get() > 0 || announcing.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void destroy() throws Exception {
        drain();
        stopping = true;
        for (Lane lane : lanes) {
            lane.thread.join(15_000);
        }
        for (Announcer announcer : announcers) {
            announcer.thread.join(5_000);
        }
        for (Lane lane : lanes) {
            if (!lane.queue.isEmpty()) {
                log.warn("Stopping with {} call update(s) not recorded; they are kept and recorded at the next start",
                        lane.queue.inMemory() + lane.queue.onDisk());
            }
            lane.queue.close();
        }
    }
}
