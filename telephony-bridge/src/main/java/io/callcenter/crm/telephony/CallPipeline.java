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
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
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
    private static final int MAX_BATCH = 64;

    private final CallLog callLog;
    private final Contacts contacts;
    private final Users users;
    private final CallEventPublisher bus;
    private final CallEventsInOrder inOrder;
    private final Lane[] lanes = new Lane[LANES];
    private volatile boolean stopping;

    CallPipeline(CallLog callLog, Contacts contacts, Users users, CallEventPublisher bus, CallEventsInOrder inOrder) {
        this.callLog = callLog;
        this.contacts = contacts;
        this.users = users;
        this.bus = bus;
        this.inOrder = inOrder;
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new Lane("call-lane-" + i);
        }
    }

    @Override
    public void accept(CallUpdate update) {
        lanes[Math.floorMod(update.call().pbxKey().hashCode(), LANES)].queue.add(update);
    }

    /**
     * One lane: takes what has queued up, records it in one transaction, then announces it, in order.
     * Under load the batches grow, so the database keeps up with bursts instead of one commit per event.
     */
    private final class Lane implements Runnable {
        final BlockingQueue<CallUpdate> queue = new LinkedBlockingQueue<>();
        final Thread thread;
        volatile boolean busy;

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
                    busy = true;
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    // a phone that rings is announced as soon as it is recorded: the batch is cut after it
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
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.warn("Call lane step failed: {}", e.toString());
                } finally {
                    batch.clear();
                    busy = false;
                }
            }
        }
    }

    private void announce(CallUpdate update, RecordedCall recorded) {
        if (!recorded.changed()) {
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
            inOrder.apply(event, () -> published instanceof CallEvent.CallRang rang ? rang
                    : describe(call, call.agent(), call.agentExtension(), call.startedAt()));
            bus.publish(event);
        }
    }

    /** The call as a screen-pop shows it to {@code agent}. */
    private CallEvent.CallRang describe(Call call, String agent, String extension, Instant at) {
        return new CallEvent.CallRang(call.id(), agent, extension, call.direction(), call.remoteNumber(),
                call.localNumber(), call.queue(), at, call.contactId() == null ? null : contacts.find(call.contactId())
                .map(c -> new CallEvent.ContactSummary(c.id(), c.name(), c.company())).orElse(null));
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
                return callLog.recordAll(snapshots);
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
            name = new Name(users.findByExtension(extension).map(UserAccount::username).orElse(null), now);
            usernames.put(extension, name);
        }
        return name.username();
    }

    /** Waits until every update handed over so far is recorded and announced (orderly stop, tests). */
    public void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean idle = true;
            for (Lane lane : lanes) {
                idle &= lane.queue.isEmpty() && !lane.busy;
            }
            if (idle) {
                return;
            }
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
