package io.callcenter.crm.telephony.ami;

import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.telephony.AgentChannels;
import io.callcenter.crm.telephony.AgentDirectory;
import io.callcenter.crm.telephony.AmiProperties;
import io.callcenter.crm.telephony.CallPipeline;
import io.callcenter.crm.telephony.LeaderGate;
import io.callcenter.crm.telephony.Pbx;
import io.callcenter.crm.telephony.PbxLeadership;
import io.callcenter.crm.telephony.PbxPauses;
import io.callcenter.crm.telephony.tracker.AmiEvent;
import io.callcenter.crm.telephony.tracker.CallTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection to Asterisk's manager interface ({@link AmiSession}): logs in, keeps the connection with
 * heartbeats, reconnects with backoff forever (this loop alone), and on taking the lead and after every
 * reconnect resynchronises the tracker with {@code CoreShowChannels}, whose answer takes its place among
 * the events in the order Asterisk sent it. Events go from the session's reader to the single tracker
 * thread through a bounded queue: when it is full the reader waits and TCP holds Asterisk back, so memory
 * stays bounded and no event is dropped (the tracker only hands updates on to lanes that spill to disk, so
 * it does not stay behind for long). Every node tracks the calls; the leader records them, and gives the
 * lead up when it loses Asterisk.
 */
@Component
public class AmiConnector implements Pbx, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AmiConnector.class);
    private static final long ACTION_TIMEOUT_MS = 10_000;
    /** A follower keeps this much of the recent past to record on taking the lead (an old leader's backlog). */
    private static final Duration FOLLOWER_KEEPS = Duration.ofMinutes(2);
    private static final int FOLLOWER_KEEPS_AT_MOST = 200_000;
    /** AMI events (and the tracker's own steps) waiting for the tracker; beyond this the reader waits. */
    static final int TRACKER_QUEUE = 20_000;

    private final AmiProperties properties;
    private final CallLog callLog;
    private final PbxLeadership leadership;
    private final CallTracker tracker;
    /** Whether the tracker's updates are recorded or kept: changed on the tracker thread only. */
    private final LeaderGate gate;
    private final BlockingQueue<Runnable> trackerQueue = new ArrayBlockingQueue<>(TRACKER_QUEUE);
    private final AtomicLong eventsReceived = new AtomicLong();
    private final MeterRegistry meters;
    private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();
    /** The gate's size as last seen on the tracker thread, for the gauge. */
    private volatile int followerKept;

    private volatile boolean running;
    private volatile AmiSession session;
    private volatile boolean resyncNeeded;
    private Thread connectionThread;
    private Thread trackerThread;

    private final PbxPauses pauses;

    AmiConnector(AmiProperties properties, CallLog callLog, PbxLeadership leadership, AgentChannels agentChannels,
                 AgentDirectory agents, CallPipeline pipeline, MeterRegistry meters, @Lazy PbxPauses pauses) {
        this.properties = properties;
        this.pauses = pauses;
        this.callLog = callLog;
        this.leadership = leadership;
        this.meters = meters;
        this.gate = new LeaderGate(pipeline, pipeline::acceptQuietly, FOLLOWER_KEEPS, FOLLOWER_KEEPS_AT_MOST);
        this.tracker = new CallTracker(agentChannels, agents::isAgent, gate);
        // what operators watch (README, "Operating it"): one place for the call path's gauges
        Gauge.builder("crm.ami.connected", this, a -> a.connected() ? 1 : 0)
                .description("1 while this node is logged in to Asterisk").register(meters);
        Gauge.builder("crm.leader", leadership, l -> l.isLeader() ? 1 : 0)
                .description("1 while this node records the PBX's calls").register(meters);
        Gauge.builder("crm.tracker.queue", trackerQueue, BlockingQueue::size)
                .description("AMI events waiting for the call tracker").register(meters);
        Gauge.builder("crm.follower.kept", this, a -> a.followerKept)
                .description("Call updates a following node keeps to record on taking the lead").register(meters);
        Gauge.builder("crm.lanes.depth", pipeline, CallPipeline::inFlight)
                .description("Call updates handed to the lanes and not yet recorded and announced").register(meters);
        Gauge.builder("crm.lanes.oldest", pipeline, p -> p.oldestWaiting().toNanos() / 1e9)
                .description("Seconds the oldest call update not yet recorded has waited").baseUnit("seconds").register(meters);
        FunctionCounter.builder("crm.announce.failures", pipeline, CallPipeline::announceFailures)
                .description("Recorded call updates whose announcement failed (the records stand)").register(meters);
    }

    // ---------------------------------------------------------------------------------------------
    // lifecycle

    @Override
    public void start() {
        running = true;
        if (!properties.configured()) {
            log.info("No crm.ami.host set: calls are not tracked until an Asterisk is configured");
            return;
        }
        if (properties.username() == null || properties.password() == null) {
            throw new io.callcenter.crm.shared.InvalidSettingException(properties.username() == null
                    ? "crm.ami.username" : "crm.ami.password", "is required with crm.ami.host");
        }
        trackerThread = new Thread(this::trackerLoop, "call-tracker");
        trackerThread.setDaemon(true);
        trackerThread.start();
        connectionThread = new Thread(this::connectionLoop, "ami-connection");
        connectionThread.setDaemon(true);
        connectionThread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (connectionThread != null) {
            connectionThread.interrupt();
        }
        AmiSession s = session;
        if (s != null) {
            s.close();
        }
        if (trackerThread != null) {
            trackerThread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    // ---------------------------------------------------------------------------------------------
    // connection

    private void connectionLoop() {
        long backoff = properties.reconnectDelay().toMillis();
        String where = properties.host() + ":" + properties.port();
        Duration timeout = Duration.ofMillis(Math.max(5_000, properties.heartbeat().toMillis()));
        Duration silence = Duration.ofMillis(Math.max(15_000, properties.heartbeat().multipliedBy(3).toMillis()));
        boolean wasConnected = false;
        while (running) {
            try (AmiSession s = AmiSession.open(properties.host(), properties.port(), properties.username(),
                    properties.password(), timeout, silence, this::onEvent)) {
                session = s;
                wasConnected = true;
                log.info("Connected to Asterisk at {} as {}", where, properties.username());
                backoff = properties.reconnectDelay().toMillis();
                resyncNeeded = true;
                boolean recording = false;
                while (running) {
                    boolean leader = leadership.tryLead();
                    // with the database unreachable no node can lead: a recording node goes on recording
                    // (its lanes keep the updates until the database is back) instead of dropping to follow
                    boolean record = leader || recording && !leadership.databaseReachable();
                    if (record && !recording) {
                        // first what this node saw while it followed, then what the PBX has now
                        trackerQueue.put(gate::lead);
                        resyncNeeded = true;
                    } else if (!record && recording) {
                        trackerQueue.put(gate::follow);
                    }
                    recording = record;
                    if (record && resyncNeeded) {
                        resyncNeeded = false;
                        requestResync(s);
                    }
                    try {
                        Exception lost = s.closed().get(properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                        throw lost;
                    } catch (TimeoutException stillOpen) {
                        if (!s.alive(timeout)) {
                            throw new IOException("no answer to the heartbeat");
                        }
                    }
                }
            } catch (AmiSession.LoginRefused e) {
                log.error("Asterisk at {} refused crm.ami.username/crm.ami.password: {}", where, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    log.warn("AMI connection to {} {}: {}; retrying in {} ms", where, wasConnected ? "lost" : "failed",
                            e instanceof ExecutionException ? e.getCause().toString() : e.toString(), backoff);
                }
            } finally {
                session = null;
                // without Asterisk this node can record nothing: another node takes over at once
                leadership.release();
                if (!trackerQueue.offer(gate::follow)) {
                    putWhenRoom(gate::follow);
                }
            }
            wasConnected = false;
            if (running) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(Math.max(backoff * 2, 100), 30_000);
            }
        }
    }

    private void putWhenRoom(Runnable step) {
        try {
            trackerQueue.put(step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the reader thread: every event goes to the tracker, in order; waits while the tracker is full. */
    private void onEvent(AmiEvent event) throws InterruptedException {
        eventsReceived.incrementAndGet();
        String name = event.get("event") != null ? event.get("event") : event.name(); // as Asterisk spells it
        String type = eventCounters.size() < 500 || eventCounters.containsKey(name) ? name : "other";
        eventCounters.computeIfAbsent(type, t -> Counter.builder("crm.ami.events")
                .description("AMI events received, by type").tag("type", t).register(meters)).increment();
        if (event.name().equals("queuememberpause")) {
            // not a call's: the agent's status (paused on the phone, or by another AMI client)
            pauses.accept(event);
            return;
        }
        // every node tracks; the gate decides whether this one records
        trackerQueue.put(() -> tracker.handle(event));
    }

    /** Asks for the PBX's live channels; the answer is applied on the tracker thread, in stream order. */
    private void requestResync(AmiSession s) {
        s.sendList(AmiSession.action("CoreShowChannels"), new AmiSession.ListReceiver() {
            @Override
            public void complete(List<AmiEvent> events) throws InterruptedException {
                trackerQueue.put(() -> resync(events));
            }

            @Override
            public void failed(String why) {
                log.warn("Asterisk did not list its channels ({}); asking again at the next heartbeat", why);
                resyncNeeded = true;
            }
        });
    }

    private void resync(List<AmiEvent> channels) {
        try {
            Instant now = Instant.now();
            List<AmiEvent> live = channels.stream().filter(e -> e.name().equals("coreshowchannel")).toList();
            List<CallTracker.OpenCall> open = callLog.openCalls().stream().map(CallTracker.OpenCall::new).toList();
            tracker.resync(live, open, now);
            log.info("Resynchronised with Asterisk: {} live channel(s), {} call(s) open in our records", live.size(), open.size());
        } catch (RuntimeException e) {
            log.warn("Resynchronisation with Asterisk failed ({}); trying again at the next heartbeat", e.toString());
            resyncNeeded = true;
        }
    }

    private void trackerLoop() {
        while (running) {
            try {
                trackerQueue.take().run();
                followerKept = gate.kept();
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("Call tracker step failed: {}", e.toString());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // actions

    @Override
    public boolean connected() {
        return session != null;
    }

    @Override
    public Reply originate(String channel, String context, String exten, String callerId, String channelId) {
        return send(AmiSession.action("Originate", "Channel", channel, "Context", context, "Exten", exten, "Priority", "1",
                "CallerID", callerId, "Timeout", String.valueOf(properties.originateTimeout().toMillis()), "Async", "true", "ChannelId", channelId));
    }

    @Override
    public Reply queuePause(String memberInterface, boolean paused, String reason) {
        return send(AmiSession.action("QueuePause", "Interface", memberInterface, "Paused", String.valueOf(paused),
                "Reason", reason));
    }

    @Override
    public Reply muteRecording(String pbxKey, boolean mute) {
        return withLiveChannel(pbxKey, name -> send(AmiSession.action("MixMonitorMute", "Channel", name, "Direction", "both",
                "State", mute ? "1" : "0")));
    }

    @Override
    public Reply blindTransfer(String pbxKey, String agentExtension, String exten) {
        return withTalkingLegs(pbxKey, agentExtension, legs -> send(AmiSession.action("BlindTransfer",
                "Channel", legs.agentChannel(), "Exten", exten, "Context", properties.originateContext())));
    }

    @Override
    public Reply attendedTransfer(String pbxKey, String agentExtension, String exten) {
        return withTalkingLegs(pbxKey, agentExtension, legs -> send(AmiSession.action("Atxfer",
                "Channel", legs.agentChannel(), "Exten", exten, "Context", properties.originateContext())));
    }

    @Override
    public Reply cancelAttendedTransfer(String pbxKey, String agentExtension) {
        return withAgentChannel(pbxKey, agentExtension, name -> send(AmiSession.action("CancelAtxfer", "Channel", name)));
    }

    @Override
    public Reply hangup(String pbxKey, String agentExtension) {
        // cause 16, normal clearing, on the agent's own channel (talking, or bridged with the one consulted now)
        return withAgentChannel(pbxKey, agentExtension, name -> send(AmiSession.action("Hangup", "Channel", name, "Cause", "16")));
    }

    /** Runs an action on the agent's own channel in the call, as the tracker knows it now. */
    private Reply withAgentChannel(String pbxKey, String agentExtension, Function<String, Reply> action) {
        return onTrackerThread(() -> tracker.agentChannel(pbxKey, agentExtension))
                .map(found -> found.map(action).orElse(new Reply(false, "your phone is no longer on this call")))
                .orElseGet(() -> new Reply(false, "the call tracker did not answer"));
    }

    @Override
    public Reply park(String pbxKey, String agentExtension, Duration timeout) {
        return withTalkingLegs(pbxKey, agentExtension, legs -> send(AmiSession.action("Park",
                "Channel", legs.peerChannel(), "TimeoutChannel", legs.agentChannel(),
                "Timeout", String.valueOf(timeout.toMillis()))));
    }

    @Override
    public LiveCall liveCall(String pbxKey, String agentExtension) {
        return onTrackerThread(() -> new LiveCall(tracker.parkedSpace(pbxKey),
                agentExtension == null ? Optional.<String>empty() : tracker.consulting(pbxKey, agentExtension)))
                .orElse(LiveCall.UNKNOWN);
    }

    @Override
    public Reply retrieveParked(String channel, String space, String callerId) {
        return send(AmiSession.action("Originate", "Channel", channel, "Context", properties.parkingContext(), "Exten", space,
                "Priority", "1", "CallerID", callerId, "Timeout", String.valueOf(properties.originateTimeout().toMillis()),
                "Async", "true"));
    }

    /** Runs an action on the agent's talking channel and its peer, as the tracker knows them now. */
    private Reply withTalkingLegs(String pbxKey, String agentExtension,
                                  Function<CallTracker.TalkingLegs, Reply> action) {
        return onTrackerThread(() -> tracker.talkingLegs(pbxKey, agentExtension))
                .map(legs -> legs.map(action).orElse(new Reply(false, "the agent is not talking on this call now")))
                .orElseGet(() -> new Reply(false, "the call tracker did not answer"));
    }

    /** Asks the tracker on its own thread, in turn with the events; empty when it does not answer in time. */
    private <T> Optional<T> onTrackerThread(Supplier<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (!trackerQueue.offer(() -> answer.complete(question.get()))) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(answer.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Runs an action on the live channel that carries the call (the tracker's first channel of it). */
    private Reply withLiveChannel(String pbxKey, Function<String, Reply> action) {
        return onTrackerThread(() -> tracker.recordingChannel(pbxKey))
                .map(name -> name.map(action).orElse(new Reply(false, "the call is not live on the PBX")))
                .orElseGet(() -> new Reply(false, "the call tracker did not answer"));
    }

    private Reply send(Map<String, String> action) {
        AmiSession s = session;
        if (s == null) {
            return new Reply(false, "not connected to Asterisk");
        }
        try {
            AmiSession.Response response = s.send(action, Duration.ofMillis(ACTION_TIMEOUT_MS));
            return new Reply(response.success(), response.message());
        } catch (IOException e) {
            return new Reply(false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(false, "interrupted");
        }
    }

    /** Events received since start; for health and benchmarks. */
    public long eventsReceived() {
        return eventsReceived.get();
    }

    /** Waits until the tracker has applied every event received so far (tests and orderly shutdown). */
    public void awaitTrackerIdle(Duration timeout) throws InterruptedException {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        trackerQueue.put(latch::countDown);
        latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

}
