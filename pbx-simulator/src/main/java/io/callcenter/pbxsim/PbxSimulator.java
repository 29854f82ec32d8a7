package io.callcenter.pbxsim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in Asterisk 20 speaking AMI over TCP: banner, Challenge/MD5 login, ActionID echo,
 * {@code Timestamp} on every event, CoreShowChannels, Originate answered by the Originate event
 * sequence, and calls played with the event sequences a real Asterisk 20 emits (see {@link CallScripts}).
 */
public final class PbxSimulator implements AutoCloseable {

    // java.util.logging through System.Logger: the simulator runs as a plain jar with no dependencies
    private static final System.Logger log = System.getLogger(PbxSimulator.class.getName());
    static final String BANNER = "Asterisk Call Manager/9.0.0\r\n";

    private final Settings settings;
    private final ServerSocket server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pbxsim-call");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong uniqueSeq = new AtomicLong();
    private final AtomicInteger channelSeq = new AtomicInteger();
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final AtomicLong eventsSent = new AtomicLong();
    private final List<Map<String, String>> actions = new CopyOnWriteArrayList<>();
    private final long bootSeconds = System.currentTimeMillis() / 1000;
    private final CallScripts scripts;
    private volatile boolean running = true;
    private LoadGenerator load;

    /** How the simulated PBX is set up. {@code speed} divides every scripted delay (10 = ten times faster). */
    public record Settings(int port, String username, String secret, List<String> agents, Path spoolDir,
                           String asteriskSpoolDir, double speed) {

        public static Settings defaults() {
            return new Settings(0, "crm", "crm-secret", List.of("1001", "1002"), null, "/var/spool/asterisk/monitor", 1.0);
        }

        public Settings withPort(int p) {
            return new Settings(p, username, secret, agents, spoolDir, asteriskSpoolDir, speed);
        }

        public Settings withCredentials(String u, String s) {
            return new Settings(port, u, s, agents, spoolDir, asteriskSpoolDir, speed);
        }

        public Settings withAgents(List<String> a) {
            return new Settings(port, username, secret, List.copyOf(a), spoolDir, asteriskSpoolDir, speed);
        }

        public Settings withSpool(Path dir, String asteriskDir) {
            return new Settings(port, username, secret, agents, dir, asteriskDir, speed);
        }

        public Settings withSpeed(double s) {
            return new Settings(port, username, secret, agents, spoolDir, asteriskSpoolDir, s);
        }
    }

    public static PbxSimulator start(Settings settings) throws IOException {
        return new PbxSimulator(settings);
    }

    private PbxSimulator(Settings settings) throws IOException {
        this.settings = settings;
        this.server = new ServerSocket(settings.port(), 50, InetAddress.getLoopbackAddress());
        this.scripts = new CallScripts(this);
        Thread acceptor = new Thread(this::acceptLoop, "pbxsim-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.log(System.Logger.Level.INFO, "PBX simulator listening on {0} (AMI user {1})", String.valueOf(server.getLocalPort()), settings.username());
    }

    public int port() {
        return server.getLocalPort();
    }

    public Settings settings() {
        return settings;
    }

    /** The scripted calls this PBX can play. */
    public CallScripts calls() {
        return scripts;
    }

    /** Runs a call script in the background; returns at once. */
    public void play(Runnable script) {
        activeCalls.incrementAndGet();
        calls.execute(() -> {
            try {
                script.run();
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "Simulated call failed: {0}", e.toString());
            } finally {
                activeCalls.decrementAndGet();
            }
        });
    }

    public int activeCalls() {
        return activeCalls.get();
    }

    /** Actions clients sent (header names in lower case), heartbeats left out: what the PBX was asked to do. */
    public List<Map<String, String>> actionsReceived() {
        return List.copyOf(actions);
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    public int loggedInSessions() {
        return (int) sessions.stream().filter(s -> s.authenticated).count();
    }

    /** Starts making random calls: {@code perSecond} new calls a second, never more than {@code concurrency} at once. */
    public synchronized void startLoad(double perSecond, int concurrency) {
        stopLoad();
        load = new LoadGenerator(this, perSecond, concurrency);
        load.start();
    }

    public synchronized void stopLoad() {
        if (load != null) {
            load.stop();
            load = null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // what scripts use

    long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    String newUniqueid() {
        return bootSeconds + "." + uniqueSeq.getAndIncrement();
    }

    String newChannelName(String device) {
        return device + "-" + String.format("%08x", channelSeq.getAndIncrement());
    }

    void register(Channel c) {
        channels.put(c.uniqueid, c);
    }

    void unregister(Channel c) {
        channels.remove(c.uniqueid);
    }

    Collection<Channel> channels() {
        return channels.values();
    }

    /** Sends an event to every logged-in session, stamped with the PBX clock, in one global order. */
    synchronized void emit(Frame event) {
        event.timestamp(nowMicros());
        followQueues(event);
        String wire = event.wire();
        for (Session s : sessions) {
            if (s.authenticated && s.eventsOn) {
                s.send(wire);
            }
        }
        eventsSent.incrementAndGet();
    }

    /** Sends raw bytes to every logged-in session: for testing how clients survive malformed frames. */
    public synchronized void sendRaw(byte[] bytes) {
        for (Session s : sessions) {
            if (s.authenticated) {
                s.sendBytes(bytes);
            }
        }
    }

    /** Cuts every client connection at once, as a network failure would; calls go on. */
    public void dropConnections() {
        for (Session s : sessions) {
            s.close();
        }
    }

    /** Per queue, the callers waiting (Uniqueid to when they joined, in order), for QueueStatus and QueueSummary. */
    private final Map<String, Map<String, Long>> waiting = new ConcurrentHashMap<>();
    /** Per queue: calls answered and calls abandoned, as QueueParams counts them. */
    private final Map<String, AtomicInteger> completed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> abandoned = new ConcurrentHashMap<>();

    /** Keeps each queue's waiting callers and counts as the calls' own events tell them. */
    private void followQueues(Frame event) {
        String queue = event.get("Queue");
        if (queue == null) {
            return;
        }
        switch (String.valueOf(event.get("Event"))) {
            case "QueueCallerJoin" -> waiting.computeIfAbsent(queue, q -> java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>()))
                    .put(event.get("Uniqueid"), nowMicros());
            case "QueueCallerLeave" -> waiting.getOrDefault(queue, Map.of()).remove(event.get("Uniqueid"));
            case "QueueCallerAbandon" -> abandoned.computeIfAbsent(queue, q -> new AtomicInteger()).incrementAndGet();
            case "AgentConnect" -> completed.computeIfAbsent(queue, q -> new AtomicInteger()).incrementAndGet();
            default -> { }
        }
    }

    /** The queues of asterisk-config/queues.conf. */
    static final List<String> QUEUES = List.of("sales", "sales-ringall");
    /** Per queue, the members paused in it (QueuePause): they are not rung. */
    private final Map<String, java.util.Set<String>> paused = new ConcurrentHashMap<>();

    /** Whether the agent's phone has a channel now (ringing or on a call): queues.conf's ringinuse=no rings it no more. */
    public boolean inCall(String ext) {
        return channels.values().stream().anyMatch(c -> c.device().equals("PJSIP/" + ext));
    }

    /** Whether the agent is paused in the queue. */
    public boolean isPaused(String extension, String queue) {
        return paused.getOrDefault(queue, java.util.Set.of()).contains(extension);
    }

    /**
     * The agent pauses (or unpauses) on their phone, through a feature code running the dialplan's
     * PauseQueueMember/UnpauseQueueMember in every queue: Asterisk tells AMI clients as it does for the
     * QueuePause action (R04), only no client asked.
     */
    public void pauseFromPhone(String extension, boolean pause, String reason) {
        if (!isAgent(extension)) {
            throw new IllegalArgumentException(extension + " is no agent's phone");
        }
        setPaused(extension, pause, pause ? reason : "", QUEUES);
    }

    private void setPaused(String ext, boolean pause, String reason, List<String> queues) {
        String member = "PJSIP/" + ext;
        for (String queue : queues) {
            if (pause) {
                paused.computeIfAbsent(queue, q -> ConcurrentHashMap.newKeySet()).add(ext);
            } else {
                paused.getOrDefault(queue, java.util.Set.of()).remove(ext);
            }
            emit(Frame.event("DeviceStateChange", "call,all").add("Device", "Queue:" + queue + "_pause_" + member)
                    .add("State", pause ? "INUSE" : "NOT_INUSE"));
            emit(Frame.event("QueueMemberPause", "agent,all").add("Queue", queue).add("MemberName", memberName(ext))
                    .add("Interface", member).add("StateInterface", member).add("Membership", "static")
                    .add("Penalty", 0).add("CallsTaken", 0).add("LastCall", 0).add("LastPause", nowMicros() / 1_000_000)
                    .add("LoginTime", bootSeconds).add("InCall", 0).add("Status", 1).add("Paused", pause ? 1 : 0)
                    .add("PausedReason", reason).add("Ringinuse", 0).add("Wrapuptime", 0));
        }
    }

    static String memberName(String extension) {
        return switch (extension) {
            case "1001" -> "Alice";
            case "1002" -> "Bob";
            default -> "Agent " + extension;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // actions on live calls (R06 ChanSpy, R08 Atxfer and Hangup, R10 Park)

    /** The dialplan's extensions that put a caller in a queue (extensions.conf, from-internal: 7000 and 7001). */
    static final Map<String, String> QUEUE_EXTENSIONS = Map.of("7000", "sales", "7001", "sales-ringall");

    /** Parked callers by parking space (lot "default", spaces 701-720, as res_parking ships). */
    private final Map<Integer, Parked> parked = new ConcurrentHashMap<>();

    /** A caller waiting in a parking space until someone retrieves it (or the caller hangs up). */
    record Parked(int space, Channel caller, String parkerDialString, long parkedMicros, int timeoutSeconds,
                  String queue, String member, String memberName, long joinedMicros, long answeredMicros,
                  double talkLeft, java.util.concurrent.CountDownLatch retrieved) {
    }

    /**
     * Waits up to {@code seconds} (scaled) for an action (Hangup, Atxfer, Park) naming any of the channels; null
     * when none came. The channels share one inbox from then on, so an action that came before is not missed.
     */
    Map<String, String> awaitAction(double seconds, Channel... on) {
        java.util.concurrent.BlockingQueue<Map<String, String>> inbox = on[0].inbox;
        for (int i = 1; i < on.length; i++) {
            if (on[i].inbox != inbox) {
                on[i].inbox.drainTo(inbox);
                on[i].inbox = inbox;
            }
        }
        try {
            return inbox.poll(Math.max(0, (long) (seconds * 1000 / settings.speed())), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Hands an action to the script of the call that owns the channel: it acts on it when the call is in a phase that can. */
    private static void handOver(Channel c, Map<String, String> action) {
        c.inbox.offer(action);
    }

    Channel channelNamed(String name) {
        return channels.values().stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }

    /** Takes the first free parking space for the caller. */
    Parked park(Channel caller, String parkerDialString, int timeoutSeconds, String queue, String member,
                long joinedMicros, long answeredMicros, double talkLeft) {
        for (int space = 701; space <= 720; space++) {
            Parked p = new Parked(space, caller, parkerDialString, nowMicros(), timeoutSeconds, queue, member,
                    "Agent " + member.substring(member.indexOf('/') + 1), joinedMicros, answeredMicros,
                    talkLeft, new java.util.concurrent.CountDownLatch(1));
            if (parked.putIfAbsent(space, p) == null) {
                return p;
            }
        }
        return null;
    }

    /** Takes a parked caller out of its space; false when it was already taken (retrieved, or gone). */
    boolean unpark(Parked p) {
        return parked.remove(p.space(), p);
    }

    double speed() {
        return settings.speed();
    }

    private volatile Path recordingDir;
    private volatile boolean recordingDirSet;

    /**
     * Where MixMonitor's files go from now on, in place of the configured spool folder: another folder (the
     * one a PBX's ARI serves, say), or null for none reaching this machine (a spool not mounted yet).
     */
    public void writeRecordingsTo(Path dir) {
        this.recordingDir = dir;
        this.recordingDirSet = true;
    }

    /** Back to writing recordings into the configured spool folder. */
    public void writeRecordingsToTheSpool() {
        this.recordingDirSet = false;
    }

    Path recordingDir() {
        return recordingDirSet ? recordingDir : settings.spoolDir();
    }

    /** Agent phones that ring but are never picked up when an Originate calls them (R01). */
    private final java.util.Set<String> phonesNotAnswering = ConcurrentHashMap.newKeySet();

    /** Whether the agent's phone answers when an Originate (a click-to-call) rings it; it does by default. */
    public void phoneAnswers(String extension, boolean answers) {
        if (answers) {
            phonesNotAnswering.remove(extension);
        } else {
            phonesNotAnswering.add(extension);
        }
    }

    private volatile boolean carrierReachable = true;
    private volatile String carrierAnswer = "ANSWER";

    /** How the carrier answers a click-to-call's outside leg: ANSWER (default), BUSY (486) or CONGESTION (503). */
    public void carrierAnswers(String dialStatus) {
        this.carrierAnswer = dialStatus;
    }

    String carrierAnswer() {
        return carrierAnswer;
    }

    /** Whether a dial to an outside number can create the carrier's channel (false: it fails inside Asterisk, CHANUNAVAIL). */
    public void carrierReachable(boolean reachable) {
        this.carrierReachable = reachable;
    }

    boolean carrierReachable() {
        return carrierReachable;
    }

    /** Whether clients may connect; while refusing, new connections are closed at once. */
    private volatile boolean refusing;

    public void refuseConnections(boolean refuse) {
        this.refusing = refuse;
        if (refuse) {
            dropConnections();
        }
    }

    void sleepScaled(double seconds) {
        try {
            Thread.sleep(Math.max(0, (long) (seconds * 1000 / settings.speed())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAgent(String ext) {
        return settings.agents().contains(ext);
    }

    // ---------------------------------------------------------------------------------------------
    // AMI sessions

    private void acceptLoop() {
        while (running) {
            try {
                Socket socket = server.accept();
                if (refusing) {
                    socket.close();
                    continue;
                }
                Session session = new Session(socket);
                sessions.add(session);
                Thread t = new Thread(session::run, "pbxsim-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (running) {
                    log.log(System.Logger.Level.WARNING, "accept failed: {0}", e.toString());
                }
            }
        }
    }

    private final class Session {
        private final Socket socket;
        private OutputStream out;
        private volatile boolean authenticated;
        private volatile boolean eventsOn = true;
        private String challenge;

        Session(Socket socket) {
            this.socket = socket;
        }

        void run() {
            try (socket) {
                socket.setTcpNoDelay(true);
                out = socket.getOutputStream();
                send(BANNER);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                Map<String, String> action = new LinkedHashMap<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!action.isEmpty()) {
                            if (!handle(action)) {
                                return;
                            }
                            action = new LinkedHashMap<>();
                        }
                        continue;
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        action.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
                    }
                }
            } catch (SocketException e) {
                log.log(System.Logger.Level.DEBUG, "session closed: {0}", e.toString());
            } catch (IOException e) {
                log.log(System.Logger.Level.DEBUG, "session failed: {0}", e.toString());
            } finally {
                sessions.remove(this);
            }
        }

        /** Answers one action; false to close the session. */
        private boolean handle(Map<String, String> a) {
            String name = a.getOrDefault("action", "").toLowerCase();
            if (!name.equals("ping")) {
                actions.add(Map.copyOf(a));
            }
            String id = a.get("actionid");
            switch (name) {
                case "challenge" -> {
                    challenge = String.valueOf(100_000_000 + new SecureRandom().nextInt(900_000_000));
                    send(Frame.response("Success", id).add("Challenge", challenge).wire());
                }
                case "login" -> {
                    boolean ok = settings.username().equals(a.get("username")) && passwordMatches(a);
                    if (ok) {
                        authenticated = true;
                        eventsOn = !"off".equalsIgnoreCase(a.getOrDefault("events", "on"));
                        send(Frame.response("Success", id).add("Message", "Authentication accepted").wire());
                        send(Frame.event("FullyBooted", "system,all").add("Uptime", 8).add("LastReload", 8)
                                .add("Status", "Fully Booted").wire());
                    } else {
                        send(Frame.response("Error", id).add("Message", "Authentication failed").wire());
                    }
                }
                case "logoff" -> {
                    send(Frame.response("Goodbye", id).add("Message", "Thanks for all the fish.").wire());
                    return false;
                }
                default -> {
                    if (!authenticated) {
                        send(Frame.response("Error", id).add("Message", "Permission denied").wire());
                    } else {
                        handleAuthenticated(name, id, a);
                    }
                }
            }
            return true;
        }

        private void handleAuthenticated(String name, String id, Map<String, String> a) {
            switch (name) {
                case "ping" -> send(Frame.response("Success", id).add("Ping", "Pong")
                        .timestamp(nowMicros()).wire());
                case "coresettings" -> send(Frame.response("Success", id).add("AMIversion", "9.0.0")
                        .add("AsteriskVersion", "20.20.1").add("SystemName", "").add("CoreMaxCalls", 0)
                        .add("CoreMaxLoadAvg", "0.000000").add("CoreRunUser", "asterisk").add("CoreRunGroup", "asterisk")
                        .add("CoreMaxFilehandles", 0).add("CoreRealTimeEnabled", "No").add("CoreCDRenabled", "Yes")
                        .add("CoreHTTPenabled", "No").add("SoundsSearchCustomDir", "No").wire());
                case "coreshowchannels" -> coreShowChannels(id);
                case "originate" -> originate(id, a);
                case "queuepause" -> queuePause(id, a);
                case "mixmonitormute" -> mixMonitorMute(id, a);
                case "hangup" -> hangupAction(id, a);
                case "atxfer" -> atxfer(id, a);
                case "cancelatxfer" -> cancelAtxfer(id, a);
                case "blindtransfer" -> blindTransfer(id, a);
                case "park" -> parkAction(id, a);
                case "parkedcalls" -> parkedCalls(id);
                case "queuestatus" -> queueStatus(id, a);
                case "queuesummary" -> queueSummary(id, a);
                case "events" -> {
                    eventsOn = !"off".equalsIgnoreCase(a.getOrDefault("eventmask", "on"));
                    send(Frame.response("Success", id).add("Events", eventsOn ? "On" : "Off").wire());
                }
                default -> send(Frame.response("Error", id).add("Message", "Invalid/unknown command").wire());
            }
        }

        /**
         * Pauses or resumes a member in one queue (Queue given) or in all, as R04 shows: the answer, then per
         * queue the pause device's state and QueueMemberPause with the reason. A paused member is not rung.
         */
        private void queuePause(String id, Map<String, String> a) {
            String member = a.getOrDefault("interface", "");
            String ext = member.startsWith("PJSIP/") ? member.substring("PJSIP/".length()) : null;
            boolean pause = "true".equalsIgnoreCase(a.get("paused"));
            List<String> queues = a.get("queue") == null ? QUEUES : List.of(a.get("queue"));
            if (ext == null || !isAgent(ext) || !QUEUES.containsAll(queues)) {
                send(Frame.response("Error", id).add("Message", "Interface not found").wire());
                return;
            }
            send(Frame.response("Success", id).add("Message", pause ? "Interface paused successfully"
                    : "Interface unpaused successfully").wire());
            setPaused(ext, pause, pause ? a.getOrDefault("reason", "") : "", queues);
        }

        private List<String> queuesAsked(Map<String, String> a) {
            String queue = a.get("queue");
            return queue == null || queue.isBlank() ? QUEUES : QUEUES.contains(queue) ? List.of(queue) : List.of();
        }


        /**
         * The state of the queues as R05 shows it: per queue its parameters, each member (paused or not, in a
         * call or not) and each caller waiting with their wait; list events carry no Privilege or Timestamp.
         */
        private void queueStatus(String id, Map<String, String> a) {
            StringBuilder sb = new StringBuilder(Frame.response("Success", id).add("EventList", "start")
                    .add("Message", "Queue status will follow").wire());
            int items = 0;
            long now = nowMicros();
            for (String queue : queuesAsked(a)) {
                List<Map.Entry<String, Long>> callers;
                Map<String, Long> inQueue = waiting.getOrDefault(queue, Map.of());
                synchronized (inQueue) {
                    callers = new ArrayList<>(inQueue.entrySet());
                }
                sb.append(Frame.event("QueueParams", null).add("Queue", queue).add("Max", 0)
                        .add("Strategy", queue.equals("sales") ? "rrmemory" : "ringall").add("Calls", callers.size())
                        .add("Holdtime", 0).add("TalkTime", 0)
                        .add("Completed", completed.getOrDefault(queue, new AtomicInteger()).get())
                        .add("Abandoned", abandoned.getOrDefault(queue, new AtomicInteger()).get())
                        .add("ServiceLevel", 0).add("ServicelevelPerf", "0.0").add("ServicelevelPerf2", "0.0")
                        .add("Weight", 0).add("ActionID", id).wire());
                items++;
                for (String ext : settings.agents()) {
                    boolean busy = inCall(ext);
                    sb.append(Frame.event("QueueMember", null).add("Queue", queue).add("Name", memberName(ext))
                            .add("Location", "PJSIP/" + ext).add("StateInterface", "PJSIP/" + ext).add("Membership", "static")
                            .add("Penalty", 0).add("CallsTaken", 0).add("LastCall", 0).add("LastPause", 0)
                            .add("LoginTime", bootSeconds).add("InCall", busy ? 1 : 0).add("Status", busy ? 2 : 1)
                            .add("Paused", isPaused(ext, queue) ? 1 : 0).add("PausedReason", "").add("Wrapuptime", 0)
                            .add("ActionID", id).wire());
                    items++;
                }
                int position = 1;
                for (Map.Entry<String, Long> caller : callers) {
                    Channel c = channels.get(caller.getKey());
                    if (c == null) {
                        continue;
                    }
                    sb.append(Frame.event("QueueEntry", null).add("Queue", queue).add("Position", position++)
                            .add("Channel", c.name).add("Uniqueid", c.uniqueid).add("CallerIDNum", c.callerNum)
                            .add("CallerIDName", c.callerName).add("ConnectedLineNum", c.connectedNum)
                            .add("ConnectedLineName", c.connectedName).add("Wait", (now - caller.getValue()) / 1_000_000)
                            .add("Priority", 0).add("ActionID", id).wire());
                    items++;
                }
            }
            sb.append(Frame.event("QueueStatusComplete", null).add("ActionID", id).add("EventList", "Complete")
                    .add("ListItems", items).wire());
            send(sb.toString());
        }

        /** Per queue: members logged in and available, callers waiting and the longest wait (R05). */
        private void queueSummary(String id, Map<String, String> a) {
            StringBuilder sb = new StringBuilder(Frame.response("Success", id).add("EventList", "start")
                    .add("Message", "Queue summary will follow").wire());
            List<String> queues = queuesAsked(a);
            long now = nowMicros();
            for (String queue : queues) {
                List<Long> joined;
                Map<String, Long> inQueue = waiting.getOrDefault(queue, Map.of());
                synchronized (inQueue) {
                    joined = new ArrayList<>(inQueue.values());
                }
                long available = settings.agents().stream().filter(ext -> !isPaused(ext, queue) && !inCall(ext)).count();
                sb.append(Frame.event("QueueSummary", null).add("Queue", queue).add("LoggedIn", settings.agents().size())
                        .add("Available", available).add("Callers", joined.size()).add("HoldTime", 0).add("TalkTime", 0)
                        .add("LongestHoldTime", joined.stream().mapToLong(t -> (now - t) / 1_000_000).max().orElse(0))
                        .add("ActionID", id).wire());
            }
            sb.append(Frame.event("QueueSummaryComplete", null).add("ActionID", id).add("EventList", "Complete")
                    .add("ListItems", queues.size()).wire());
            send(sb.toString());
        }

        /**
         * Mutes or unmutes the recording of a live channel, as R07 shows: a bare Success (no Message), then the
         * MixMonitorMute event with the channel's headers, Direction and State.
         */
        private void mixMonitorMute(String id, Map<String, String> a) {
            Channel c = channelNamed(a.getOrDefault("channel", ""));
            if (c == null) {
                send(Frame.response("Error", id).add("Message", "No such channel").wire());
                return;
            }
            send(Frame.response("Success", id).wire());
            emit(Frame.event("MixMonitorMute", "call,all").channel("", c).add("Direction", a.getOrDefault("direction", "both"))
                    .add("State", "1".equals(a.get("state")) || "true".equalsIgnoreCase(a.get("state")) ? 1 : 0));
        }

        /**
         * Hangs up a channel (R08): {@code Message: Channel Hungup} comes before any event of it, and the channel
         * gets a Hangup with the action's Cause but no HangupRequest. The simulated calls take it while they talk.
         */
        private void hangupAction(String id, Map<String, String> a) {
            Channel c = channelNamed(a.getOrDefault("channel", ""));
            if (c == null) {
                send(Frame.response("Error", id).add("Message", "No such channel").wire());
                return;
            }
            send(Frame.response("Success", id).add("Message", "Channel Hungup").wire());
            handOver(c, a);
        }

        /** An attended transfer started by AMI on an agent's talking channel (R08); Asterisk says queued even when it later fails (R08a). */
        private void atxfer(String id, Map<String, String> a) {
            Channel c = channelNamed(a.getOrDefault("channel", ""));
            if (c == null) {
                send(Frame.response("Error", id).add("Message", "No such channel").wire());
                return;
            }
            if (a.get("exten") == null) {
                send(Frame.response("Error", id).add("Message", "No extension specified").wire());
                return;
            }
            send(Frame.response("Success", id).add("Message", "Atxfer successfully queued").wire());
            handOver(c, a);
        }

        /**
         * Cancels an attended transfer (Asterisk 20's manager.c, action_cancel_atxfer; no capture has one): the
         * answers in the order Asterisk checks, and the channel's atxferabort code (features.conf's default *1)
         * played into it as DTMF, which its call's script takes as the abort of the consultation.
         */
        private void cancelAtxfer(String id, Map<String, String> a) {
            if (a.getOrDefault("channel", "").isEmpty()) {
                send(Frame.response("Error", id).add("Message", "No channel specified").wire());
                return;
            }
            Channel c = channelNamed(a.get("channel"));
            if (c == null) {
                send(Frame.response("Error", id).add("Message", "Channel specified does not exist").wire());
                return;
            }
            send(Frame.response("Success", id).add("Message", "CancelAtxfer successfully queued").wire());
            handOver(c, a);
        }

        /**
         * A blind transfer of whoever is bridged with the channel (Asterisk 20's manager.c and bridge.c; no capture
         * has one): the checks in the order Asterisk makes them, "Transfer invalid" for a channel in no bridge, and
         * "Transfer succeeded" as soon as the peer is sent on (the PBX does not check that the extension exists).
         */
        private void blindTransfer(String id, Map<String, String> a) {
            if (a.getOrDefault("channel", "").isEmpty()) {
                send(Frame.response("Error", id).add("Message", "No channel specified").wire());
                return;
            }
            if (a.getOrDefault("exten", "").isEmpty()) {
                send(Frame.response("Error", id).add("Message", "No extension specified").wire());
                return;
            }
            Channel c = channelNamed(a.get("channel"));
            if (c == null) {
                send(Frame.response("Error", id).add("Message", "Channel specified does not exist").wire());
                return;
            }
            if (c.bridge == null) {
                send(Frame.response("Error", id).add("Message", "Transfer invalid").wire());
                return;
            }
            send(Frame.response("Success", id).add("Message", "Transfer succeeded").wire());
            handOver(c, a);
        }

        /** Parks a talking caller (R10): the answer's Message ends in a bare LF, as the capture's bytes show. */
        private void parkAction(String id, Map<String, String> a) {
            String name = a.getOrDefault("channel", "");
            Channel c = channelNamed(name);
            if (c == null) {
                send(Frame.response("Error", id).add("Message", "Channel does not exist: " + name).wire());
                return;
            }
            if (c.bridge == null) {
                send(Frame.response("Error", id).add("Message", "Park action failed").wire());
                return;
            }
            send(Frame.response("Success", id).add("Message", "Park successful\n").wire());
            handOver(c, a);
        }

        /** The parked calls, as a list: ParkedCall without Timestamp or Privilege, then ParkedCallsComplete (R10). */
        private void parkedCalls(String id) {
            StringBuilder sb = new StringBuilder(Frame.response("Success", id).add("EventList", "start")
                    .add("Message", "Parked calls will follow").wire());
            List<Parked> list = parked.values().stream().sorted(java.util.Comparator.comparingInt(Parked::space)).toList();
            long now = nowMicros();
            for (Parked p : list) {
                sb.append(scripts.parkedCallFrame(Frame.event("ParkedCall", null), p, now).add("ActionID", id).wire());
            }
            sb.append(Frame.event("ParkedCallsComplete", null).add("ActionID", id).add("EventList", "Complete")
                    .add("ListItems", list.size()).add("Total", list.size()).wire());
            send(sb.toString());
        }

        private boolean passwordMatches(Map<String, String> a) {
            if (a.containsKey("key") && challenge != null) {
                return md5(challenge + settings.secret()).equalsIgnoreCase(a.get("key"));
            }
            return settings.secret().equals(a.get("secret"));
        }

        private void coreShowChannels(String id) {
            List<Channel> live = new ArrayList<>(channels.values());
            StringBuilder sb = new StringBuilder();
            sb.append(Frame.response("Success", id).add("EventList", "start").add("Message", "Channels will follow").wire());
            long now = nowMicros();
            for (Channel c : live) {
                long secs = Math.max(0, (now - c.createdMicros) / 1_000_000);
                sb.append(Frame.event("CoreShowChannel", null).add("ActionID", id).channel("", c)
                        .add("Application", c.application).add("ApplicationData", c.applicationData)
                        .add("Duration", String.format("%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60))
                        .add("BridgeId", c.bridge == null ? "" : c.bridge).wire());
            }
            sb.append(Frame.event("CoreShowChannelsComplete", null).add("ActionID", id).add("EventList", "Complete")
                    .add("ListItems", live.size()).wire());
            send(sb.toString());
        }

        private void originate(String id, Map<String, String> a) {
            String channel = a.getOrDefault("channel", "");
            String exten = a.get("exten");
            String ext = channel.startsWith("PJSIP/") ? channel.substring("PJSIP/".length()) : null;
            if ("chanspy".equalsIgnoreCase(a.get("application")) && ext != null && isAgent(ext)) {
                String spied = a.getOrDefault("data", "").split(",")[0];
                send(Frame.response("Success", id).add("Message", "Originate successfully queued").wire());
                play(() -> scripts.spy(ext, spied, a.getOrDefault("data", ""), id, callerIdName(a.get("callerid"), "Agent " + ext)));
                return;
            }
            if ("parkedcalls".equals(a.get("context")) && exten != null && ext != null && isAgent(ext)) {
                send(Frame.response("Success", id).add("Message", "Originate successfully queued").wire());
                play(() -> scripts.retrieveParked(ext, exten, id, callerIdName(a.get("callerid"), "Agent " + ext)));
                return;
            }
            if (exten == null || a.get("context") == null) {
                send(Frame.response("Error", id).add("Message", "Exten and Context are required").wire());
                return;
            }
            if (ext == null || !isAgent(ext)) {
                send(Frame.response("Error", id).add("Message", "Originate failed: unknown channel " + channel).wire());
                return;
            }
            send(Frame.response("Success", id).add("Message", "Originate successfully queued").wire());
            String channelId = a.get("channelid");
            boolean answers = !phonesNotAnswering.contains(ext);
            double timeout = parseSeconds(a.get("timeout"), 30);
            play(() -> scripts.clickToCall(ext, exten, a.get("context"), channelId, id, answers, true, timeout));
        }

        synchronized void send(String text) {
            sendBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        synchronized void sendBytes(byte[] bytes) {
            try {
                if (out != null) {
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            sessions.remove(this);
        }
    }

    /** The name in an Originate's CallerID ({@code "Bob" <1002>}); {@code otherwise} when it has none. */
    static String callerIdName(String callerId, String otherwise) {
        if (callerId == null) {
            return otherwise;
        }
        int lt = callerId.indexOf('<');
        String name = (lt >= 0 ? callerId.substring(0, lt) : callerId).replace("\"", "").trim();
        return name.isEmpty() ? otherwise : name;
    }

    /** Parked callers, for the scripts. */
    Parked parkedAt(int space) {
        return parked.get(space);
    }

    /** An Originate's Timeout (milliseconds) in seconds; {@code otherwise} when absent or unreadable. */
    private static double parseSeconds(String millis, double otherwise) {
        try {
            return millis == null ? otherwise : Long.parseLong(millis.trim()) / 1000.0;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        stopLoad();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        dropConnections();
        calls.shutdownNow();
    }
}
