package io.callcenter.crm.telephony.ami;

import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.telephony.AgentChannels;
import io.callcenter.crm.telephony.AgentDirectory;
import io.callcenter.crm.telephony.AmiProperties;
import io.callcenter.crm.telephony.CallPipeline;
import io.callcenter.crm.telephony.LeaderGate;
import io.callcenter.crm.telephony.Pbx;
import io.callcenter.crm.telephony.PbxLeadership;
import io.callcenter.crm.telephony.tracker.AmiEvent;
import io.callcenter.crm.telephony.tracker.CallTracker;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection to Asterisk's manager interface: logs in (MD5 challenge), keeps the connection with
 * heartbeats, reconnects with backoff forever, and on taking the lead and after every reconnect
 * resynchronises the tracker with {@code CoreShowChannels}. Events are handed from Asterisk-Java's reader
 * thread to our own single tracker thread at once, so a slow database never makes the reader fall behind.
 * Every node tracks the calls; the leader records them, and gives the lead up when it loses Asterisk.
 */
@Component
public class AmiConnector implements Pbx, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AmiConnector.class);
    private static final long ACTION_TIMEOUT_MS = 10_000;
    /** A follower keeps this much of the recent past to record on taking the lead (an old leader's backlog). */
    private static final Duration FOLLOWER_KEEPS = Duration.ofMinutes(2);
    private static final int FOLLOWER_KEEPS_AT_MOST = 200_000;

    private final AmiProperties properties;
    private final CallLog callLog;
    private final PbxLeadership leadership;
    private final CallTracker tracker;
    /** Whether the tracker's updates are recorded or kept: changed on the tracker thread only. */
    private final LeaderGate gate;
    private final AmiEventMapper mapper = new AmiEventMapper();
    private final BlockingQueue<Runnable> trackerQueue = new LinkedBlockingQueue<>();
    private final AtomicLong eventsReceived = new AtomicLong();
    private final MeterRegistry meters;
    private final Map<Class<?>, Counter> eventCounters = new ConcurrentHashMap<>();
    /** The gate's size as last seen on the tracker thread, for the gauge. */
    private volatile int followerKept;

    private volatile boolean running;
    private volatile ManagerConnection connection;
    private volatile boolean loggedIn;
    private volatile boolean resyncNeeded;
    private Thread connectionThread;
    private Thread trackerThread;

    AmiConnector(AmiProperties properties, CallLog callLog, PbxLeadership leadership, AgentChannels agentChannels,
                 AgentDirectory agents, CallPipeline pipeline, MeterRegistry meters) {
        this.properties = properties;
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
        ManagerConnection c = connection;
        if (c != null) {
            try {
                c.logoff();
            } catch (RuntimeException e) {
                log.debug("logoff failed", e);
            }
        }
        if (trackerThread != null) {
            trackerQueue.add(() -> { });
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
        while (running) {
            ManagerConnectionFactory factory = new ManagerConnectionFactory(properties.host(), properties.port(),
                    properties.username(), properties.password());
            ManagerConnection c = factory.createManagerConnection();
            c.setSocketReadTimeout((int) Math.max(15_000, properties.heartbeat().multipliedBy(3).toMillis()));
            c.addEventListener(event -> onEvent(c, event));
            connection = c;
            try {
                c.login();
                loggedIn = true;
                log.info("Connected to Asterisk at {} as {}", where, properties.username());
                backoff = properties.reconnectDelay().toMillis();
                boolean recording = false;
                resyncNeeded = true;
                while (running) {
                    boolean leader = leadership.tryLead();
                    // with the database unreachable no node can lead: a recording node goes on recording
                    // (its lanes keep the updates until the database is back) instead of dropping to follow
                    boolean record = leader || recording && !leadership.databaseReachable();
                    if (record && !recording) {
                        resyncNeeded = false;
                        // first what this node saw while it followed, then what the PBX has now
                        trackerQueue.add(() -> {
                            gate.lead();
                            resync(c);
                        });
                    } else if (leader && resyncNeeded) {
                        resyncNeeded = false;
                        trackerQueue.add(() -> resync(c));
                    } else if (!record && recording) {
                        trackerQueue.add(gate::follow);
                    }
                    recording = record;
                    sleep(properties.heartbeat().toMillis());
                    ManagerResponse pong = c.sendAction(new PingAction(), Math.max(5000, properties.heartbeat().toMillis()));
                    if (pong instanceof ManagerError || c.getState() != ManagerConnectionState.CONNECTED) {
                        throw new IllegalStateException("no answer to the heartbeat");
                    }
                }
            } catch (AuthenticationFailedException e) {
                log.error("Asterisk at {} refused crm.ami.username/crm.ami.password: {}", where, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (running) {
                    log.warn("AMI connection to {} {}: {}; retrying in {}", where, loggedIn ? "lost" : "failed",
                            e.toString(), backoff + " ms");
                }
            } finally {
                loggedIn = false;
                connection = null;
                // without Asterisk this node can record nothing: another node takes over at once
                leadership.release();
                trackerQueue.add(gate::follow);
                try {
                    if (c.getState() == ManagerConnectionState.CONNECTED || c.getState() == ManagerConnectionState.RECONNECTING) {
                        c.logoff();
                    }
                } catch (RuntimeException e) {
                    log.debug("logoff after failure", e);
                }
            }
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

    private void onEvent(ManagerConnection source, ManagerEvent event) {
        if (source != connection || event instanceof ResponseEvent || event instanceof ConnectEvent) {
            return;
        }
        if (event instanceof DisconnectEvent) {
            resyncNeeded = true;
            return;
        }
        eventsReceived.incrementAndGet();
        eventCounters.computeIfAbsent(event.getClass(), type -> Counter.builder("crm.ami.events")
                .description("AMI events received, by type").tag("type", AmiEventMapper.eventName(type))
                .register(meters)).increment();
        // every node tracks; the gate decides whether this one records
        Instant received = Instant.now();
        trackerQueue.add(() -> tracker.handle(mapper.map(event, received)));
    }

    private void resync(ManagerConnection c) {
        try {
            ResponseEvents response = c.sendEventGeneratingAction(new CoreShowChannelsAction(), 15_000);
            if (response.getResponse() instanceof ManagerError error) {
                throw new IllegalStateException("CoreShowChannels refused: " + error.getMessage());
            }
            Instant now = Instant.now();
            List<AmiEvent> live = new ArrayList<>();
            for (ResponseEvent e : response.getEvents()) {
                if (e instanceof CoreShowChannelEvent) {
                    live.add(mapper.map(e, now));
                }
            }
            List<CallTracker.OpenCall> open = callLog.openCalls().stream().map(CallTracker.OpenCall::new).toList();
            tracker.resync(live, open, now);
            log.info("Resynchronised with Asterisk: {} live channel(s), {} call(s) open in our records", live.size(), open.size());
        } catch (Exception e) {
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
        return loggedIn && connection != null;
    }

    @Override
    public Reply originate(String channel, String context, String exten, String callerId, String channelId) {
        OriginateAction action = new OriginateAction();
        action.setChannel(channel);
        action.setContext(context);
        action.setExten(exten);
        action.setPriority(1);
        action.setCallerId(callerId);
        action.setTimeout(30_000L);
        action.setAsync(true);
        action.setChannelId(channelId);
        return send(action);
    }

    @Override
    public Reply queuePause(String memberInterface, boolean paused, String reason) {
        QueuePauseAction action = new QueuePauseAction(memberInterface, paused);
        if (reason != null) {
            action.setReason(reason);
        }
        return send(action);
    }

    private Reply send(org.asteriskjava.manager.action.ManagerAction action) {
        ManagerConnection c = connection;
        if (c == null || !loggedIn) {
            return new Reply(false, "not connected to Asterisk");
        }
        try {
            ManagerResponse response = c.sendAction(action, ACTION_TIMEOUT_MS);
            if (response instanceof ManagerError error) {
                return new Reply(false, error.getMessage());
            }
            return new Reply(true, response.getMessage());
        } catch (Exception e) {
            return new Reply(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Events received since start; for health and benchmarks. */
    public long eventsReceived() {
        return eventsReceived.get();
    }

    /** Waits until the tracker has applied every event received so far (tests and orderly shutdown). */
    public void awaitTrackerIdle(Duration timeout) throws InterruptedException {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        trackerQueue.add(latch::countDown);
        latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
