package io.callcenter.crm.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.CallFilter;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Measures the PRODUCT.md targets on this machine and writes the figures to
 * {@code target/benchmarks/results.md}. Not part of the test suite: run with {@code ./bench.sh}.
 * It measures, it does not assert timings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerformanceBenchmark extends ApplicationIT {

    private static final Path RESULTS = Path.of("target", "benchmarks", "results.md");

    @Autowired JdbcClient jdbc;
    @Autowired Contacts contacts;
    @Autowired PhoneNumbers phoneNumbers;
    @Autowired PbxSimulator pbx;
    @Autowired CallLog callLog;
    @Autowired AmiConnector ami;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    @Test
    @Order(1)
    void contactLookupByAnyWrittenFormAtOneMillionContacts() throws IOException {
        int target = 1_000_000;
        long existing = jdbc.sql("select count(*) from contacts").query(Long.class).single();
        if (existing < target) {
            // numbers +1 556 000 0000 upwards, one per contact, inserted in bulk by the database itself
            jdbc.sql("""
                    insert into contacts (name, company, created_at, updated_at)
                    select 'Bench Contact ' || g, 'Bench Co', now(), now() from generate_series(1, :n) g""")
                    .param("n", target - existing).update();
            jdbc.sql("""
                    insert into contact_phones (contact_id, e164, position)
                    select id, '+1556' || lpad((id % 10000000)::text, 7, '0'), 0 from contacts
                     where name like 'Bench Contact %' on conflict do nothing""").update();
            jdbc.sql("analyze contacts").update();
            jdbc.sql("analyze contact_phones").update();
        }
        List<String> numbers = jdbc.sql("select e164 from contact_phones where e164 like '+1556%' order by random() limit 2000")
                .query(String.class).list();
        List<Long> nanos = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String e164 : numbers) {
                String written = switch (ThreadLocalRandom.current().nextInt(3)) {
                    case 0 -> "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
                    case 1 -> "1 " + e164.substring(2, 5) + " " + e164.substring(5, 8) + " " + e164.substring(8);
                    default -> e164;
                };
                long start = System.nanoTime();
                int found = contacts.findByPhone(phoneNumbers.tryNormalize(written).orElseThrow()).size();
                long took = System.nanoTime() - start;
                if (found != 1) {
                    throw new IllegalStateException("lookup of " + written + " found " + found);
                }
                if (round > 0) {
                    nanos.add(took); // the first round warms caches and the JIT
                }
            }
        }
        long total = jdbc.sql("select count(*) from contacts").query(Long.class).single();
        write("Contact lookup by phone number, any written form (normalise + indexed query)",
                "%d contacts; %d lookups of random numbers written as `(555) 010-2030`, `1 555 010 2030` or E.164"
                        .formatted(total, nanos.size()), percentiles(nanos));
    }

    @Test
    @Order(2)
    void amiEventsToStoredCallsAndScreenPopLatencyUnderLoad() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(ami::connected);
        List<Long> popLatencies = new CopyOnWriteArrayList<>();
        StompSession alice = subscribe("alice", popLatencies);
        StompSession bob = subscribe("bob", popLatencies);
        int calls = 500;
        int before = callLog.count(CallFilter.all());
        long eventsBefore = pbx.eventsSent();
        long start = System.nanoTime();
        // 50 new calls a second for 10 s, each ringing 2 s and talking 8 s: about 500 calls at once at the peak
        for (int i = 0; i < calls; i++) {
            String number = "557" + String.format("%07d", i);
            String agent = i % 2 == 0 ? "1001" : "1002";
            pbx.play(() -> pbx.calls().queueAnswered(number, "Load " + number, "8005551000", "sales", agent, 2, 8));
            long due = start + (i + 1) * 20_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        int peak = pbx.activeCalls();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                pbx.activeCalls() == 0 && allEnded(before + calls));
        long elapsed = System.nanoTime() - start;
        long events = pbx.eventsSent() - eventsBefore;
        alice.disconnect();
        bob.disconnect();
        write("AMI events to stored call records",
                "%d queue calls over TCP from the simulator, 50 new a second, 2 s ring and 8 s talk (%d at once at the peak); %d events; all stored and ended %.1f s after the first call began"
                        .formatted(calls, peak, events, elapsed / 1e9),
                List.of("%.0f events/s on average over the run; the arrival rate, not the CRM, sets this figure"
                        .formatted(events / (elapsed / 1e9))));
        write("Screen-pop latency: ringing event's PBX timestamp to the STOMP message at the agent",
                "%d pops during the run above, 2 agents connected over STOMP, PBX simulator and CRM on the same 2 cores".formatted(popLatencies.size()),
                percentiles(popLatencies));
    }

    private boolean allEnded(int expected) {
        return jdbc.sql("select count(*) from calls where ended_at is not null").query(Integer.class).single() >= expected;
    }

    private StompSession subscribe(String user, List<Long> latencies) throws Exception {
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        MappingJackson2MessageConverter converter = new MappingJackson2MessageConverter();
        converter.setObjectMapper(json);
        client.setMessageConverter(converter);
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.add("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        StompSession session = client.connectAsync("ws://localhost:" + port + "/ws", headers, new StompSessionHandlerAdapter() {
        }).get(10, TimeUnit.SECONDS);
        session.subscribe("/user/queue/screen-pops", new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders h) {
                return JsonNode.class;
            }

            @Override
            public void handleFrame(StompHeaders h, Object payload) {
                Instant rang = Instant.parse(((JsonNode) payload).get("ringingAt").asText());
                latencies.add(Duration.between(rang, Instant.now()).toNanos());
            }
        });
        Thread.sleep(300);
        return session;
    }

    private static List<String> percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return List.of("p50 %.2f ms".formatted(at(sorted, 0.50) / 1e6), "p99 %.2f ms".formatted(at(sorted, 0.99) / 1e6),
                "max %.2f ms".formatted(sorted.get(sorted.size() - 1) / 1e6));
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static void write(String what, String how, List<String> figures) throws IOException {
        Files.createDirectories(RESULTS.getParent());
        String text = "### " + what + "\n" + how + "\n\n" + String.join(" · ", figures) + "\n\n";
        Files.writeString(RESULTS, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(text);
    }
}
