package io.callcenter.crm.telephony.ami;

import io.callcenter.crm.telephony.tracker.AmiEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The AMI session over a real socket, against a scripted peer that answers as Asterisk 20 does. */
class AmiSessionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A peer on a real socket: sends a banner, then answers each action with {@code script}. */
    private static final class Peer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0);
        final List<Map<String, String>> actions = Collections.synchronizedList(new ArrayList<>());
        volatile Socket socket;
        volatile OutputStream out;

        Peer(String banner, BiConsumer<Peer, Map<String, String>> script) throws IOException {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    socket = s;
                    out = s.getOutputStream();
                    send(banner + "\r\n");
                    AmiFrameReader in = new AmiFrameReader(s.getInputStream());
                    Map<String, String> action;
                    while ((action = in.next()) != null) {
                        actions.add(action);
                        script.accept(this, action);
                    }
                } catch (IOException e) {
                    // the session went away
                }
            }, "peer");
            t.setDaemon(true);
            t.start();
        }

        synchronized void send(String wire) {
            try {
                out.write(wire.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** Answers as Asterisk does: MD5 challenge and login with secret "s3cret", pings, and {@code more}. */
    private static BiConsumer<Peer, Map<String, String>> asterisk(BiConsumer<Peer, Map<String, String>> more) {
        return (peer, a) -> {
            String id = a.get("actionid");
            switch (a.get("action")) {
                case "Challenge" -> peer.send("Response: Success\r\nActionID: " + id + "\r\nChallenge: 840215367\r\n\r\n");
                case "Login" -> peer.send(AmiSession.md5("840215367s3cret").equals(a.get("key"))
                        ? "Response: Success\r\nActionID: " + id + "\r\nMessage: Authentication accepted\r\n\r\n"
                        + "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
                        : "Response: Error\r\nActionID: " + id + "\r\nMessage: Authentication failed\r\n\r\n");
                case "Ping" -> peer.send("Response: Success\r\nActionID: " + id + "\r\nPing: Pong\r\n\r\n");
                default -> more.accept(peer, a);
            }
        };
    }

    private final List<AmiEvent> received = Collections.synchronizedList(new ArrayList<>());
    private Peer peer;
    private AmiSession session;

    @AfterEach
    void close() throws IOException {
        if (session != null) {
            session.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private AmiSession open(String secret, AmiSession.Receiver receiver) throws Exception {
        return AmiSession.open("127.0.0.1", peer.port(), "crm", secret, TIMEOUT, Duration.ofSeconds(15), receiver);
    }

    @Test
    void logsInWithTheChallengeAndHandsEventsOnInOrderWithAListInItsPlace() throws Exception {
        peer = new Peer("Asterisk Call Manager/9.0.0", asterisk((p, a) -> {
            if (a.get("action").equals("CoreShowChannels")) {
                String id = a.get("actionid");
                p.send("Event: Newchannel\r\nUniqueid: 1.1\r\n\r\n"
                        + "Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n"
                        + "Event: CoreShowChannel\r\nActionID: " + id + "\r\nUniqueid: 1.1\r\n\r\n"
                        + "Event: Newstate\r\nUniqueid: 1.1\r\n\r\n"
                        + "Event: CoreShowChannel\r\nActionID: " + id + "\r\nUniqueid: 1.2\r\n\r\n"
                        + "Event: CoreShowChannelsComplete\r\nActionID: " + id + "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n"
                        + "Event: Hangup\r\nUniqueid: 1.1\r\n\r\n");
            }
        }));
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        session = open("s3cret", event -> order.add(event.name() + " " + event.get("uniqueid")));

        session.sendList(AmiSession.action("CoreShowChannels"), new AmiSession.ListReceiver() {
            @Override
            public void complete(List<AmiEvent> events) {
                order.add("list " + events.stream().map(e -> e.get("uniqueid")).toList());
            }

            @Override
            public void failed(String why) {
                order.add("failed " + why);
            }
        });

        await().atMost(5, TimeUnit.SECONDS).until(() -> order.size() == 5);
        assertThat(order).containsExactly("fullybooted null", "newchannel 1.1", "newstate 1.1", "list [1.1, 1.2]",
                "hangup 1.1");
        Map<String, String> login = peer.actions.get(1);
        assertThat(login).containsEntry("action", "Login").containsEntry("authtype", "MD5").containsEntry("events", "on")
                .doesNotContainKey("secret");
        assertThat(peer.actions).extracting(a -> a.get("action"))
                .as("nothing else is asked at login").containsExactly("Challenge", "Login", "CoreShowChannels");
    }

    @Test
    void everyEventOfTheRealCapturesReachesTheReceiverOriginateResponsesIncluded() throws Exception {
        // each capture served whole after the login, its own answers (to actions of another client) included
        List<Path> captures;
        try (var files = Files.list(Path.of("src/test/resources/ami-transcripts"))) {
            captures = files.filter(p -> p.toString().endsWith(".ami")).sorted().toList();
        }
        for (Path capture : captures) {
            String wire = Files.readString(capture);
            String frames = wire.substring(wire.indexOf('\n') + 1);
            long expected = frames.lines().filter(l -> l.startsWith("Event: ")).count();
            List<AmiEvent> got = Collections.synchronizedList(new ArrayList<>());
            try (Peer p = new Peer("Asterisk Call Manager/9.0.0", asterisk((peer, a) -> {
                if (a.get("action").equals("Events")) {
                    peer.send(frames);
                }
            }))) {
                peer = p;
                try (AmiSession s = open("s3cret", got::add)) {
                    s.sendList(AmiSession.action("Events"), new AmiSession.ListReceiver() {
                        @Override
                        public void complete(List<AmiEvent> events) {
                        }

                        @Override
                        public void failed(String why) {
                        }
                    });
                    // FullyBooted from our own login comes first
                    await().atMost(5, TimeUnit.SECONDS).until(() -> got.size() == expected + 1);
                }
            }
            assertThat(got).as(capture.toString()).hasSize((int) expected + 1);
            if (frames.contains("Event: OriginateResponse")) {
                assertThat(got).as(capture + ": OriginateResponse carries Response and ActionID, and is an event")
                        .anyMatch(e -> e.name().equals("originateresponse") && e.get("response") != null);
            }
        }
        peer = null;
    }

    @Test
    void aRefusedLoginSaysWhatAsteriskSaid() throws Exception {
        peer = new Peer("Asterisk Call Manager/9.0.0", asterisk((p, a) -> { }));

        assertThatThrownBy(() -> open("wrong", received::add))
                .isInstanceOf(AmiSession.LoginRefused.class).hasMessage("Authentication failed");
    }

    @Test
    void aPeerThatIsNoAsteriskIsNamed() throws Exception {
        peer = new Peer("HTTP/1.1 400 Bad Request", (p, a) -> { });

        assertThatThrownBy(() -> open("s3cret", received::add))
                .isInstanceOf(IOException.class).hasMessageContaining("not an Asterisk manager interface")
                .hasMessageContaining("HTTP/1.1 400 Bad Request");
    }

    @Test
    void anActionGetsItsOwnAnswerAndALostConnectionFailsWhatWaits() throws Exception {
        CountDownLatch hangUp = new CountDownLatch(1);
        peer = new Peer("Asterisk Call Manager/9.0.0", asterisk((p, a) -> {
            String id = a.get("actionid");
            switch (a.get("action")) {
                case "QueuePause" -> p.send("Event: QueueMemberPause\r\nInterface: PJSIP/1001\r\nPaused: 1\r\n\r\n"
                        + "Response: Success\r\nActionID: " + id + "\r\nMessage: Interface paused successfully\r\n\r\n");
                case "Originate" -> p.send("Response: Error\r\nActionID: " + id + "\r\nMessage: Originate failed\r\n\r\n");
                case "Hangup" -> hangUp.countDown(); // never answered: the peer goes away instead
                default -> { }
            }
        }));
        session = open("s3cret", received::add);

        AmiSession.Response paused = session.send(AmiSession.action("QueuePause", "Interface", "PJSIP/1001", "Paused", "true",
                "Reason", null), TIMEOUT);
        AmiSession.Response refused = session.send(AmiSession.action("Originate", "Channel", "PJSIP/9"), TIMEOUT);
        CompletableFuture<Exception> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                session.send(AmiSession.action("Hangup", "Channel", "PJSIP/1001-00000001"), TIMEOUT);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertThat(hangUp.await(5, TimeUnit.SECONDS)).isTrue();
        peer.close();

        assertThat(paused.success()).isTrue();
        assertThat(paused.message()).isEqualTo("Interface paused successfully");
        assertThat(peer.actions.get(2)).as("a header without a value is left out").doesNotContainKey("reason");
        assertThat(refused.success()).isFalse();
        assertThat(refused.message()).isEqualTo("Originate failed");
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessageContaining("AMI connection lost");
        assertThat(session.closed().get(5, TimeUnit.SECONDS)).hasMessageContaining("AMI connection lost");
        assertThat(received).extracting(AmiEvent::name).contains("queuememberpause");
    }

    @Test
    void aReceiverThatWaitsHoldsThePbxBackAndLosesNothing() throws Exception {
        // given a PBX that sends 200,000 events (some 30 MB, more than the socket buffers hold) as fast as it can
        int total = 200_000;
        AtomicLong sent = new AtomicLong();
        CompletableFuture<Void> allSent = new CompletableFuture<>();
        peer = new Peer("Asterisk Call Manager/9.0.0", asterisk((p, a) -> {
            if (a.get("action").equals("Events")) {
                Thread flood = new Thread(() -> {
                    String pad = "x".repeat(100);
                    for (int i = 0; i < total; i++) {
                        p.send("Event: Newexten\r\nUniqueid: 1795." + i + "\r\nAppData: " + pad + "\r\n\r\n");
                        sent.incrementAndGet();
                    }
                    allSent.complete(null);
                });
                flood.setDaemon(true);
                flood.start();
            }
        }));
        // and a receiver that takes the first event and then waits
        CountDownLatch release = new CountDownLatch(1);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        session = open("s3cret", event -> {
            if (event.name().equals("newexten")) {
                ids.add(event.get("uniqueid"));
                if (ids.size() == 1) {
                    release.await();
                }
            }
        });
        session.sendList(AmiSession.action("Events"), new AmiSession.ListReceiver() { // the peer's cue; no answer comes
            @Override
            public void complete(List<AmiEvent> events) {
            }

            @Override
            public void failed(String why) {
            }
        });

        // then the PBX is held back: it cannot send everything while the receiver waits
        await().atMost(10, TimeUnit.SECONDS).until(() -> sent.get() > 1_000);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !allSent.isDone());
        assertThat(session.alive(Duration.ofMillis(300))).as("a session held back by its receiver is alive").isTrue();

        // and once the receiver goes on, every event arrives, in order
        release.countDown();
        allSent.get(60, TimeUnit.SECONDS);
        await().atMost(60, TimeUnit.SECONDS).until(() -> ids.size() == total);
        for (int i = 0; i < total; i++) {
            if (!ids.get(i).equals("1795." + i)) {
                throw new AssertionError("event " + i + " is " + ids.get(i));
            }
        }
    }
}
