package io.callcenter.crm.telephony.ami;

import io.callcenter.crm.telephony.tracker.AmiEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One logged-in session with Asterisk's manager interface over TCP, spoken directly: MD5 challenge login,
 * actions matched to their responses by ActionID, lists of events ({@code CoreShowChannels}) gathered until
 * their {@code EventList: Complete}, every other frame handed on as an event. One reader thread reads the
 * socket and hands each event over before reading on: when the receiver is full it waits, the socket's
 * buffers fill and TCP makes Asterisk wait too, so memory stays bounded and nothing is dropped. Nothing
 * else is asked at login (no version query that a busy PBX answers late), and the session never
 * reconnects by itself: whoever opened it decides.
 */
final class AmiSession implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(AmiSession.class);
    private static final AtomicLong SESSIONS = new AtomicLong();

    /** Receives the session's events, in the PBX's order, on the reader thread; may block. */
    interface Receiver {
        void event(AmiEvent event) throws InterruptedException;
    }

    /** Asterisk's answer to an action. */
    record Response(boolean success, Map<String, String> headers) {
        String message() {
            return headers.getOrDefault("message", "");
        }
    }

    /** Asterisk refused the login. */
    static final class LoginRefused extends Exception {
        LoginRefused(String message) {
            super(message);
        }
    }

    private sealed interface Pending permits Single, EventList {
    }

    private record Single(CompletableFuture<Response> answer) implements Pending {
    }

    private record EventList(List<AmiEvent> events, ListReceiver receiver) implements Pending {
    }

    /** Receives a list action's events once complete (on the reader thread, in stream order), or why it failed. */
    interface ListReceiver {
        void complete(List<AmiEvent> events) throws InterruptedException;

        void failed(String why);
    }

    private final Socket socket;
    private final OutputStream out;
    private final AmiFrameReader reader;
    private final Receiver receiver;
    private final String idPrefix = "crm-" + SESSIONS.incrementAndGet() + "-";
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Exception> closed = new CompletableFuture<>();
    private final Thread readerThread;
    private volatile boolean handingOver;
    private long malformedLogged;

    private AmiSession(Socket socket, Receiver receiver) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new AmiFrameReader(socket.getInputStream());
        this.receiver = receiver;
        this.readerThread = new Thread(this::read, "ami-reader");
        this.readerThread.setDaemon(true);
    }

    /**
     * Connects, checks the banner and logs in.
     *
     * @param readTimeout how long the socket may stay silent before the session counts as lost (the
     *                    caller pings more often than that)
     */
    static AmiSession open(String host, int port, String username, String secret, Duration timeout, Duration readTimeout,
                           Receiver receiver) throws IOException, LoginRefused, InterruptedException {
        Socket socket = new Socket();
        AmiSession session = null;
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            session = new AmiSession(socket, receiver);
            String banner = session.reader.readLine();
            if (banner == null || !banner.startsWith("Asterisk Call Manager")) {
                throw new IOException("not an Asterisk manager interface at " + host + ":" + port + " (it said "
                        + (banner == null ? "nothing" : "'" + banner + "'") + ")");
            }
            socket.setSoTimeout((int) readTimeout.toMillis());
            session.readerThread.start();
            session.login(username, secret, timeout);
            return session;
        } catch (IOException | LoginRefused | InterruptedException | RuntimeException e) {
            if (session != null) {
                session.close();
            } else {
                socket.close();
            }
            throw e;
        }
    }

    private void login(String username, String secret, Duration timeout) throws IOException, LoginRefused, InterruptedException {
        Response challenge = send(action("Challenge", "AuthType", "MD5"), timeout);
        Map<String, String> login = challenge.success() && challenge.headers().containsKey("challenge")
                ? action("Login", "AuthType", "MD5", "Username", username,
                "Key", md5(challenge.headers().get("challenge") + secret), "Events", "on")
                : action("Login", "Username", username, "Secret", secret, "Events", "on");
        Response answer = send(login, timeout);
        if (!answer.success()) {
            throw new LoginRefused(answer.message().isEmpty() ? "login refused" : answer.message());
        }
    }

    /** An action's headers, in order: {@code action("Ping")}, {@code action("QueuePause", "Interface", "PJSIP/1001", ...)}. */
    static Map<String, String> action(String name, String... headersAndValues) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("Action", name);
        for (int i = 0; i + 1 < headersAndValues.length; i += 2) {
            if (headersAndValues[i + 1] != null) {
                a.put(headersAndValues[i], headersAndValues[i + 1]);
            }
        }
        return a;
    }

    /** Sends an action and waits for its response. */
    Response send(Map<String, String> action, Duration timeout) throws IOException, InterruptedException {
        String id = idPrefix + ids.incrementAndGet();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        pending.put(id, new Single(answer));
        try {
            write(action, id);
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer to " + action.get("Action") + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    /** Sends an action whose answer is a list of events; {@code receiver} gets them when the list is complete. */
    void sendList(Map<String, String> action, ListReceiver receiver) {
        String id = idPrefix + ids.incrementAndGet();
        pending.put(id, new EventList(new ArrayList<>(), receiver));
        try {
            write(action, id);
        } catch (IOException e) {
            pending.remove(id);
            receiver.failed(e.toString());
        }
    }

    /**
     * Whether the PBX is still there: it answers a ping within {@code timeout}, or bytes came in meanwhile,
     * or the reader is waiting to hand events over (the answer is queued behind them).
     */
    boolean alive(Duration timeout) throws InterruptedException {
        long before = reader.lastReadNanos();
        try {
            return send(action("Ping"), timeout).success();
        } catch (IOException e) {
            return !closed.isDone() && (handingOver || reader.lastReadNanos() != before);
        }
    }

    /** Completes, with the cause, when the session ends. */
    CompletableFuture<Exception> closed() {
        return closed;
    }

    private synchronized void write(Map<String, String> action, String id) throws IOException {
        StringBuilder sb = new StringBuilder(128);
        action.forEach((k, v) -> sb.append(k).append(": ").append(v.replace("\r", " ").replace("\n", " ")).append("\r\n"));
        sb.append("ActionID: ").append(id).append("\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void read() {
        Exception cause = null;
        try {
            Map<String, String> frame;
            while ((frame = reader.next()) != null) {
                dispatch(frame);
                if (reader.malformed() > malformedLogged) {
                    log.warn("Skipped {} malformed AMI line(s) from Asterisk so far", reader.malformed());
                    malformedLogged = reader.malformed() + 999; // then once per thousand
                }
            }
            cause = new IOException("Asterisk closed the connection");
        } catch (IOException e) {
            cause = e;
        } catch (InterruptedException e) {
            cause = e;
        } finally {
            closeQuietly();
            IOException lost = new IOException("AMI connection lost" + (cause == null ? "" : ": " + cause.getMessage()), cause);
            closed.complete(lost);
            pending.forEach((id, p) -> {
                if (p instanceof Single s) {
                    s.answer().completeExceptionally(lost);
                } else if (p instanceof EventList list) {
                    list.receiver().failed(lost.getMessage());
                }
            });
            pending.clear();
        }
    }

    private void dispatch(Map<String, String> frame) throws InterruptedException {
        String id = frame.get("actionid");
        String event = frame.get("event");
        String response = frame.get("response");
        // an event may carry Response and ActionID headers too (OriginateResponse: "Response: Failure"): an event it is
        if (event == null && response != null) {
            Pending p = id == null ? null : pending.get(id);
            boolean success = "success".equalsIgnoreCase(response) || "goodbye".equalsIgnoreCase(response);
            if (p instanceof Single s) {
                pending.remove(id);
                s.answer().complete(new Response(success, frame));
            } else if (p instanceof EventList list && !success) {
                pending.remove(id);
                list.receiver().failed(frame.getOrDefault("message", "refused"));
            }
            return;
        }
        if (event == null) {
            return; // neither an answer nor an event: its lines were malformed (counted)
        }
        Instant now = Instant.now();
        Pending p = id == null ? null : pending.get(id);
        if (p instanceof EventList list) {
            if ("complete".equalsIgnoreCase(frame.get("eventlist"))) {
                pending.remove(id);
                list.receiver().complete(List.copyOf(list.events()));
            } else {
                list.events().add(new AmiEvent(event, frame, now));
            }
            return;
        }
        handingOver = true;
        try {
            receiver.event(new AmiEvent(event, frame, now));
        } finally {
            handingOver = false;
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing the AMI socket", e);
        }
    }

    /** Logs off (politely, briefly) and closes the socket. */
    @Override
    public void close() {
        if (!closed.isDone() && !socket.isClosed()) {
            try {
                write(action("Logoff"), idPrefix + ids.incrementAndGet());
            } catch (IOException e) {
                log.debug("logoff failed", e);
            }
        }
        closeQuietly();
        readerThread.interrupt();
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
