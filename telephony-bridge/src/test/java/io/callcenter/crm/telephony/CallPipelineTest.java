package io.callcenter.crm.telephony;

import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.calls.RecordedCall;
import io.callcenter.crm.telephony.tracker.CallUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The lanes between the tracker and the call log: every update recorded, whatever announcing does. */
class CallPipelineTest {

    private static final Instant T = Instant.parse("2026-03-01T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @TempDir
    Path spill;

    private final List<CallSnapshot> recorded = new CopyOnWriteArrayList<>();
    private final List<CallEvent> published = new CopyOnWriteArrayList<>();
    /** Holds the lane inside its first recording until released, so later updates queue up behind it. */
    private final CountDownLatch firstRecordingEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstRecording = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);
    private CallPipeline pipeline;

    private List<RecordedCall> record(List<CallSnapshot> snapshots) {
        if (first.getAndSet(false)) {
            firstRecordingEntered.countDown();
            try {
                releaseFirstRecording.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        recorded.addAll(snapshots);
        return snapshots.stream().map(s -> new RecordedCall(call(s), true)).toList();
    }

    private CallPipeline pipeline(CallEventsInOrder inOrder) {
        pipeline = new CallPipeline(this::record, id -> Optional.empty(), ext -> Optional.of("agent" + ext),
                published::add, inOrder, JSON, spill, 10_000);
        return pipeline;
    }

    @AfterEach
    void stop() throws Exception {
        releaseFirstRecording.countDown();
        pipeline.destroy();
    }

    @Test
    void anAnnouncementThatFailsLosesNoRecordBehindIt() throws Exception {
        // given a live-call store that fails on the first ring it is told of
        AtomicBoolean failed = new AtomicBoolean();
        CallPipeline lanes = pipeline((event, described) -> {
            if (event instanceof CallEvent.CallRang && !failed.getAndSet(true)) {
                throw new IllegalStateException("Redis went away");
            }
        });
        // and a call whose whole life queues up while its lane is busy, so it is taken as one batch
        lanes.accept(update("call-a", CallUpdate.Change.STARTED, 0));
        assertThat(firstRecordingEntered.await(10, TimeUnit.SECONDS)).isTrue();
        lanes.accept(update("call-a", CallUpdate.Change.RINGING, 1));
        lanes.accept(update("call-a", CallUpdate.Change.ANSWERED, 2));
        lanes.accept(update("call-a", CallUpdate.Change.ENDED, 3));

        // when the lane goes on
        releaseFirstRecording.countDown();

        // then the failed announcement cost nothing behind it
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorded.size() == 4);
        assertThat(recorded).extracting(CallSnapshot::status).containsExactly(CallStatus.RINGING, CallStatus.RINGING,
                CallStatus.IN_PROGRESS, CallStatus.ANSWERED);
        await().atMost(10, TimeUnit.SECONDS).until(() -> published.stream().anyMatch(e -> e instanceof CallEvent.CallAnswered));
        assertThat(published).hasAtLeastOneElementOfType(CallEvent.CallRang.class)
                .as("the end is the call log's outbox fact, not the lane's to announce")
                .noneMatch(e -> e instanceof CallEvent.CallEnded);
        assertThat(lanes.announceFailures()).isEqualTo(1);
    }

    @Test
    void aPublisherThatThrowsLosesNoRecordEither() throws Exception {
        pipeline = new CallPipeline(this::record, id -> Optional.empty(), ext -> Optional.empty(),
                event -> {
                    throw new IllegalStateException("listener bug");
                }, (event, described) -> { }, JSON, spill, 10_000);
        releaseFirstRecording.countDown();

        pipeline.accept(update("call-b", CallUpdate.Change.RINGING, 1));
        pipeline.accept(update("call-b", CallUpdate.Change.ANSWERED, 2));
        pipeline.accept(update("call-b", CallUpdate.Change.ENDED, 3));

        await().atMost(10, TimeUnit.SECONDS).until(() -> recorded.size() == 3);
        await().atMost(10, TimeUnit.SECONDS).until(() -> pipeline.announceFailures() == 2);
    }

    @Test
    void whileTheDatabaseIsDownLanesKeepTheirMemoryShareAndTheRestOnDiskThenRecordItAllInOrder() {
        AtomicBoolean down = new AtomicBoolean(true);
        pipeline = new CallPipeline(snapshots -> {
            if (down.get()) {
                throw new DataAccessResourceFailureException("PostgreSQL is down");
            }
            recorded.addAll(snapshots);
            return snapshots.stream().map(s -> new RecordedCall(call(s), true)).toList();
        }, id -> Optional.empty(), ext -> Optional.empty(), published::add, (event, described) -> { }, JSON, spill, 5);

        for (int second = 0; second < 100; second++) {
            for (int c = 0; c < 5; c++) {
                pipeline.accept(update("outage-" + c, second == 99 ? CallUpdate.Change.ENDED : CallUpdate.Change.STARTED, second));
            }
        }

        assertThat(pipeline.spilled()).isGreaterThan(0);
        assertThat(pipeline.mostInMemory()).isLessThanOrEqualTo(5);
        down.set(false);
        await().atMost(30, TimeUnit.SECONDS).until(() -> recorded.size() == 500);
        for (int c = 0; c < 5; c++) {
            String key = "outage-" + c;
            assertThat(recorded.stream().filter(s -> s.pbxKey().equals(key)).map(CallSnapshot::endedAt).toList())
                    .as("%s in order, its end last", key).hasSize(100).last().isNotNull();
        }
    }

    @Test
    void anUpdateTheDatabaseRefusesIsSkippedAndTheCallsBehindItAreRecorded() throws Exception {
        // the database refuses anything about one call (a constraint, bad data), whatever batch it is in
        pipeline = new CallPipeline(snapshots -> {
            if (snapshots.stream().anyMatch(s -> s.pbxKey().equals("refused"))) {
                throw new DataIntegrityViolationException("value too long for type character varying(64)");
            }
            recorded.addAll(snapshots);
            return snapshots.stream().map(s -> new RecordedCall(call(s), true)).toList();
        }, id -> Optional.empty(), ext -> Optional.empty(), published::add, (event, described) -> { }, JSON, spill, 10_000);
        releaseFirstRecording.countDown();

        for (String key : List.of("before", "refused", "after")) {
            pipeline.accept(update(key, CallUpdate.Change.STARTED, 0));
            pipeline.accept(update(key, CallUpdate.Change.ENDED, 5));
        }

        await().atMost(10, TimeUnit.SECONDS).until(() -> pipeline.inFlight() == 0);
        assertThat(recorded).extracting(CallSnapshot::pbxKey).containsOnly("before", "after").hasSize(4);
        assertThat(published).extracting(CallEvent::callId).doesNotContain((long) Math.abs("refused".hashCode()));
    }

    @Test
    void drainWaitsForTheUpdateBeingRecorded() throws Exception {
        CallPipeline lanes = pipeline((event, described) -> { });
        lanes.accept(update("call-c", CallUpdate.Change.STARTED, 0));
        assertThat(firstRecordingEntered.await(10, TimeUnit.SECONDS)).isTrue();

        // the update has left the queue but is still being recorded
        CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
            try {
                lanes.drain();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(lanes.inFlight()).isEqualTo(1);
        assertThat(drained).isNotDone();

        releaseFirstRecording.countDown();
        drained.get(10, TimeUnit.SECONDS);
        assertThat(recorded).hasSize(1);
        assertThat(lanes.inFlight()).isZero();
    }

    /** A key recorded on the same lane as {@code key} (lanes are chosen by the key's hash). */
    private static String sameLaneAs(String key) {
        for (int i = 0; ; i++) {
            String other = "other-" + i;
            if (Math.floorMod(other.hashCode(), 4) == Math.floorMod(key.hashCode(), 4)) {
                return other;
            }
        }
    }

    @Test
    void aRingForARecordedCallIsPoppedWithoutWaitingForTheWritesAheadOfIt() throws Exception {
        // given call X recorded, then its lane held up by another call's slow write
        first.set(false);
        CallPipeline lanes = pipeline((event, described) -> { });
        lanes.accept(update("call-x", CallUpdate.Change.STARTED, 0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorded.size() == 1);
        first.set(true);
        lanes.accept(update(sameLaneAs("call-x"), CallUpdate.Change.STARTED, 1));
        assertThat(firstRecordingEntered.await(10, TimeUnit.SECONDS)).isTrue();

        // when an agent's phone rings for X
        lanes.accept(update("call-x", CallUpdate.Change.RINGING, 2));

        // then the pop goes out at once, with the recorded call's id, while the ring still waits in the lane
        await().atMost(10, TimeUnit.SECONDS).until(() -> !published.isEmpty());
        CallEvent.CallRang rang = (CallEvent.CallRang) published.get(0);
        assertThat(rang.callId()).isEqualTo(Math.abs("call-x".hashCode()));
        assertThat(rang.agent()).isEqualTo("agent1001");
        assertThat(recorded).hasSize(1);
        assertThat(lanes.fastPops()).isEqualTo(1);

        // and once the lane goes on the ring is recorded, and not announced a second time
        releaseFirstRecording.countDown();
        lanes.drain();
        assertThat(recorded).extracting(CallSnapshot::pbxKey).containsExactly("call-x", sameLaneAs("call-x"), "call-x");
        assertThat(published).hasSize(1);
    }

    @Test
    void aRingBehindAnUnrecordedUpdateOfItsCallWaitsForIt() throws Exception {
        // given call Y's start still waiting in its held-up lane
        CallPipeline lanes = pipeline((event, described) -> { });
        lanes.accept(update(sameLaneAs("call-y"), CallUpdate.Change.STARTED, 0));
        assertThat(firstRecordingEntered.await(10, TimeUnit.SECONDS)).isTrue();
        lanes.accept(update("call-y", CallUpdate.Change.STARTED, 1));

        // when its ring comes
        lanes.accept(update("call-y", CallUpdate.Change.RINGING, 2));

        // then it is announced after the lane recorded what came before it (the pop needs the call's id)
        assertThat(published).isEmpty();
        releaseFirstRecording.countDown();
        lanes.drain();
        assertThat(published).singleElement().isInstanceOf(CallEvent.CallRang.class);
        assertThat(lanes.fastPops()).isZero();
    }

    private static CallUpdate update(String key, CallUpdate.Change change, int second) {
        CallStatus status = switch (change) {
            case STARTED, RINGING, RING_STOPPED -> CallStatus.RINGING;
            case ANSWERED, TRANSFERRED -> CallStatus.IN_PROGRESS;
            case ENDED -> CallStatus.ANSWERED;
        };
        Instant at = T.plusSeconds(second);
        CallSnapshot snapshot = new CallSnapshot(key, CallDirection.INBOUND, status, "+15550100000", null, "8005551000",
                change == CallUpdate.Change.STARTED || change == CallUpdate.Change.RINGING ? null : "1001", "sales", T,
                status != CallStatus.RINGING ? T.plusSeconds(2) : null, change == CallUpdate.Change.ENDED ? at : null,
                "1001", null);
        return new CallUpdate(snapshot, change, "1001", at);
    }

    private static Call call(CallSnapshot s) {
        return new Call(Math.abs(s.pbxKey().hashCode()), s.direction(), s.status(), s.remoteNumber(), null, s.localNumber(),
                s.agentExtension() == null ? null : "agent" + s.agentExtension(), s.agentExtension(), s.queue(),
                s.startedAt(), s.answeredAt(), s.endedAt(), null, null, null, null, null, null, null);
    }
}
