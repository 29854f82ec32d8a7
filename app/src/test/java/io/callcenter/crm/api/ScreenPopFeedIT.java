package io.callcenter.crm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.core.env.Environment;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The STOMP live feed: each agent gets their own pops, and no one else's, on whichever node they are. */
class ScreenPopFeedIT extends ApplicationIT {

    @LocalServerPort int port;
    @Autowired PbxSimulator pbx;
    @Autowired Contacts contacts;
    @Autowired ObjectMapper json;
    @Autowired AmiConnector ami;
    @Autowired Environment env;
    @Autowired SimpUserRegistry users;

    @Test
    void agentGetsThePopOfTheCallRingingTheirPhoneAndNoOneElseDoes() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(ami::connected);
        String number = "555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        contacts.create(new ContactDraft("Pia Popper", "Pop Corp", List.of(number), null, "Website", null));
        List<JsonNode> alice = new CopyOnWriteArrayList<>();
        List<JsonNode> bob = new CopyOnWriteArrayList<>();
        StompSession aliceSession = subscribe(port, "alice", alice);
        StompSession bobSession = subscribe(port, "bob", bob);
        awaitSubscribed(users, "alice", "/user/queue/screen-pops");
        awaitSubscribed(users, "bob", "/user/queue/screen-pops");

        pbx.play(() -> pbx.calls().queueAnswered(number, "Pia", "8005551000", "sales", "1001", 1, 1));

        await().atMost(Duration.ofSeconds(15)).until(() -> !alice.isEmpty());
        JsonNode pop = alice.get(0);
        assertThat(pop.get("remoteNumber").asText()).isEqualTo("+1" + number);
        assertThat(pop.get("localNumber").asText()).isEqualTo("+18005551000");
        assertThat(pop.get("queue").asText()).isEqualTo("sales");
        assertThat(pop.get("direction").asText()).isEqualTo("INBOUND");
        assertThat(pop.get("contact").get("name").asText()).isEqualTo("Pia Popper");
        assertThat(pop.get("contact").get("company").asText()).isEqualTo("Pop Corp");
        assertThat(pop.has("callId")).isTrue();
        assertThat(pop.has("ringingAt")).isTrue();
        // while the call lasts, bob's phone never rings: nothing reaches him
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(bob::isEmpty);
        aliceSession.disconnect();
        bobSession.disconnect();
    }

    @Test
    void reminderReachesItsAssigneeWhenItFallsDueAndACallbackWhenTheMissedCallEnds() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(ami::connected);
        String number = "555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        long contactId = ((io.callcenter.crm.contacts.ContactResult.Saved) contacts.create(
                new ContactDraft("Remy Minder", null, List.of(number), null, null, null))).contact().id();
        List<JsonNode> alice = new CopyOnWriteArrayList<>();
        StompSession session = subscribe(port, "alice", alice, "/user/queue/notifications");
        awaitSubscribed(users, "alice", "/user/queue/notifications");
        java.time.Instant due = java.time.Instant.now().plusSeconds(3);

        java.net.http.HttpResponse<String> created = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/tasks"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:demo".getBytes(StandardCharsets.UTF_8)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"REMINDER\",\"contactId\":" + contactId
                                + ",\"dueAt\":\"" + due + "\",\"note\":\"Call about the quote\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        long taskId = json.readTree(created.body()).get("id").asLong();

        await().atMost(Duration.ofSeconds(20)).until(() -> alice.stream().anyMatch(n -> n.get("taskId").asLong() == taskId));
        JsonNode reminder = alice.stream().filter(n -> n.get("taskId").asLong() == taskId).findFirst().orElseThrow();
        assertThat(reminder.get("type").asText()).isEqualTo("REMINDER");
        assertThat(reminder.get("contactId").asLong()).isEqualTo(contactId);
        assertThat(reminder.get("note").asText()).isEqualTo("Call about the quote");
        assertThat(java.time.Instant.parse(reminder.get("dueAt").asText())).isCloseTo(due, org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));

        // a call nobody answers leaves a call-back, due at once
        pbx.play(() -> pbx.calls().queueMissed(number, "Remy", "8005551000", "sales", "1001", 1, 1.5));
        await().atMost(Duration.ofSeconds(20)).until(() -> alice.stream().anyMatch(n -> n.get("type").asText().equals("CALLBACK")));
        assertThat(alice.stream().filter(n -> n.get("type").asText().equals("CALLBACK")).findFirst().orElseThrow()
                .get("contactId").asLong()).isEqualTo(contactId);
        session.disconnect();
    }

    @Test
    void wrongCredentialsAreRefusedOnTheUpgrade() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString("alice:wrong".getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 401");
        }
        assertThatThrownBy(() -> connect(port, "alice:wrong")).isInstanceOf(ExecutionException.class);
    }

    @Test
    void agentOnASecondNodeGetsThePopWhileTheFirstNodeHoldsThePbx() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(ami::connected);
        Path dataDir = Files.createTempDirectory(Path.of("target"), "node-b-");
        // node B: the same PostgreSQL, Redis and store, no PBX connection of its own
        try (ConfigurableApplicationContext nodeB = new SpringApplicationBuilder(io.callcenter.crm.CrmApplication.class).run(
                "--server.port=0", "--crm.data-dir=" + dataDir, "--crm.simulator.enabled=false",
                // Quartz registers data sources JVM-wide by scheduler name; node B must not replace node A's
                "--spring.quartz.scheduler-name=crm-node-b",
                "--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + env.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + env.getProperty("spring.datasource.password"),
                "--crm.redis.url=" + env.getProperty("crm.redis.url"),
                "--crm.storage.endpoint=" + env.getProperty("crm.storage.endpoint"),
                "--crm.storage.access-key=" + env.getProperty("crm.storage.access-key"),
                "--crm.storage.secret-key=" + env.getProperty("crm.storage.secret-key"))) {
            int portB = Integer.parseInt(nodeB.getEnvironment().getProperty("local.server.port"));
            assertThat(nodeB.getBean(AmiConnector.class).connected()).as("node B has no PBX connection").isFalse();
            List<JsonNode> bobOnB = new CopyOnWriteArrayList<>();
            StompSession session = subscribe(portB, "bob", bobOnB);
            awaitSubscribed(nodeB.getBean(SimpUserRegistry.class), "bob", "/user/queue/screen-pops");
            String number = "555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));

            pbx.play(() -> pbx.calls().directCall(number, "Cross Node", "8005551002", "1002", true, 1, 1));

            await().atMost(Duration.ofSeconds(15)).until(() -> !bobOnB.isEmpty());
            assertThat(bobOnB.get(0).get("remoteNumber").asText()).isEqualTo("+1" + number);
            session.disconnect();
        }
    }

    private StompSession subscribe(int port, String user, List<JsonNode> into) throws Exception {
        return subscribe(port, user, into, "/user/queue/screen-pops");
    }

    private StompSession subscribe(int port, String user, List<JsonNode> into, String destination) throws Exception {
        StompSession session = connect(port, user + ":demo");
        session.subscribe(destination, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return JsonNode.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                into.add((JsonNode) payload);
            }
        });
        return session;
    }

    /** Waits until the node has the user's subscription (the SUBSCRIBE frame travels after subscribe returns). */
    private static void awaitSubscribed(SimpUserRegistry registry, String user, String destination) {
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.findSubscriptions(s -> destination.equals(s.getDestination())
                && s.getSession().getUser().getName().equals(user)).size() > 0);
    }

    private StompSession connect(int port, String credentials) throws Exception {
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        MappingJackson2MessageConverter converter = new MappingJackson2MessageConverter();
        converter.setObjectMapper(json);
        client.setMessageConverter(converter);
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.add("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        return client.connectAsync("ws://localhost:" + port + "/ws", headers, new StompSessionHandlerAdapter() {
        }).get(10, TimeUnit.SECONDS);
    }
}
