package io.callcenter.crm.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ServicesForNodes;
import io.callcenter.crm.agents.NewUser;
import io.callcenter.crm.agents.Role;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.telephony.CallEvent;
import io.callcenter.crm.telephony.CallEventPublisher;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.pbxsim.PbxSimulator;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Measures the PRODUCT.md targets on this machine, each next to a limit measured in the same run, and
 * writes them to {@code BENCHMARKS.md} (the full run, {@code ./bench.sh}) or to
 * {@code target/benchmarks/smoke.md} ({@link BenchmarkSmokeIT}, small, in the normal tests so this keeps
 * working). It measures; it asserts no timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerformanceBenchmark {

    /** How big a run is. */
    record Scale(int rounds, int contacts, int intakeCalls, int intakeAtOnce, int popCalls, double popRate,
                 int popConcurrency, int popAgents, Path report) {
    }

    Scale scale() {
        return new Scale(3, 1_000_000, 5_000, 500, 2_000, 50, 500, 200, Path.of("..", "BENCHMARKS.md"));
    }

    private final List<String> sections = new ArrayList<>();
    private ServicesForNodes services;
    private Scale scale;

    @BeforeAll
    void startTheServices() {
        scale = scale();
        services = ServicesForNodes.start("bench", false);
    }

    @AfterAll
    void writeTheReport() throws Exception {
        services.close();
        String commit = run("git", "rev-parse", "--short", "HEAD").strip();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown CPU");
        String header = """
                # Benchmarks

                Measured by `./bench.sh` on %s, commit %s: %d cores (%s), %d MiB heap for the JVM, Java %s.
                CRM, PostgreSQL 17 (embedded, default settings), Redis and the load generator share the machine.
                Each figure is given over %d run(s) (each run's value, then the spread), next to a limit measured
                in the same run, with the ratio. Timings on 2 shared cores swing by up to 3x from run to run.

                """.formatted(LocalDate.now(), commit, Runtime.getRuntime().availableProcessors(), cpu,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), scale.rounds());
        Files.createDirectories(scale.report().toAbsolutePath().getParent());
        // the KPI benchmark's section (./bench.sh kpis) is kept
        String kept = "";
        if (Files.exists(scale.report())) {
            String old = Files.readString(scale.report());
            int start = old.indexOf("<!-- kpis -->");
            int end = old.indexOf("<!-- /kpis -->");
            if (start >= 0 && end > start) {
                kept = "\n" + old.substring(start, end + "<!-- /kpis -->".length()) + "\n";
            }
        }
        Files.writeString(scale.report(), header + String.join("\n", sections) + kept);
        System.out.println(header + String.join("\n", sections));
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void contactLookup() throws Exception {
        PbxSimulator pbx = PbxSimulator.start(PbxSimulator.Settings.defaults().withPort(0).withCredentials("crm", "bench"));
        try (ConfigurableApplicationContext crm = node(pbx.port(), "bench")) {
            JdbcClient jdbc = crm.getBean(JdbcClient.class);
            Contacts contacts = crm.getBean(Contacts.class);
            PhoneNumbers phones = crm.getBean(PhoneNumbers.class);
            jdbc.sql("""
                    insert into contacts (name, company, created_at, updated_at)
                    select 'Bench Contact ' || g, 'Bench Co', now(), now() from generate_series(1, :n) g""")
                    .param("n", scale.contacts()).update();
            jdbc.sql("""
                    insert into contact_phones (contact_id, e164, position)
                    select id, '+1556' || lpad((id % 10000000)::text, 7, '0'), 0 from contacts
                     where name like 'Bench Contact %' on conflict do nothing""").update();
            jdbc.sql("analyze contacts").update();
            jdbc.sql("analyze contact_phones").update();
            List<String> numbers = jdbc.sql("select e164 from contact_phones where e164 like '+1556%' order by random() limit 2000")
                    .query(String.class).list();
            List<String> runs = new ArrayList<>();
            List<String> limits = new ArrayList<>();
            List<Double> p99s = new ArrayList<>();
            for (int round = 0; round < scale.rounds(); round++) {
                List<Long> lookups = new ArrayList<>();
                List<Long> bare = new ArrayList<>();
                for (int pass = 0; pass < 2; pass++) {
                    for (String e164 : numbers) {
                        String written = written(e164);
                        long start = System.nanoTime();
                        int found = contacts.findByPhone(phones.tryNormalize(written).orElseThrow()).size();
                        long took = System.nanoTime() - start;
                        long startBare = System.nanoTime();
                        jdbc.sql("select contact_id from contact_phones where e164 = :e").param("e", e164).query(Long.class).list();
                        long tookBare = System.nanoTime() - startBare;
                        if (found != 1) {
                            throw new IllegalStateException("lookup of " + written + " found " + found);
                        }
                        if (pass > 0) { // the first pass warms caches and the JIT
                            lookups.add(took);
                            bare.add(tookBare);
                        }
                    }
                }
                double p99 = percentile(lookups, 0.99) / 1e6;
                double bareP99 = percentile(bare, 0.99) / 1e6;
                p99s.add(p99);
                runs.add("p50 %.2f / p99 %.2f ms".formatted(percentile(lookups, 0.50) / 1e6, p99));
                limits.add("p99 %.2f ms (ratio %.1f)".formatted(bareP99, p99 / bareP99));
            }
            long total = jdbc.sql("select count(*) from contacts").query(Long.class).single();
            section("Contact lookup by phone number, any written form", "p99 ≤ 2 ms at 1,000,000 contacts",
                    "%,d contacts; %d lookups per run of random numbers written as `(555) 010-2030`, `1 555 010 2030` or E.164 (normalise + the contact with its numbers)"
                            .formatted(total, numbers.size()),
                    "the bare indexed query on the same numbers (`select contact_id from contact_phones where e164 = ?`)",
                    runs, limits, "p99 %s ms".formatted(spread(p99s)), p99s.stream().allMatch(p -> p <= 2.0));
        } finally {
            pbx.close();
        }
    }

    @Test
    @Order(2)
    void intake() throws Exception {
        List<String> runs = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        int events = 0;
        for (int round = 0; round < scale.rounds(); round++) {
            RecordedStream stream = RecordedStream.of(scale.intakeCalls(), scale.intakeAtOnce(), "b" + round + "-");
            events = stream.events;
            double limit = bareAsteriskJava(stream);
            PbxSimulator pbx = PbxSimulator.start(PbxSimulator.Settings.defaults().withPort(0).withCredentials("crm", "bench"));
            try (ConfigurableApplicationContext crm = node(pbx.port(), "bench")) {
                AmiConnector ami = crm.getBean(AmiConnector.class);
                JdbcClient jdbc = crm.getBean(JdbcClient.class);
                await().atMost(Duration.ofSeconds(60)).until(ami::connected);
                String like = "b" + round + "-%";
                long start = System.nanoTime();
                for (byte[] chunk : stream.chunks) {
                    pbx.sendRaw(chunk);
                }
                long sent = System.nanoTime();
                await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                        jdbc.sql("select count(*) from calls where pbx_key like :k and ended_at is not null")
                                .param("k", like).query(Integer.class).single() >= stream.calls);
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = stream.events / seconds;
                rates.add(rate);
                runs.add("%,.0f events/s (read in %.1f s, all %d calls stored and ended after %.1f s)"
                        .formatted(rate, (sent - start) / 1e9, stream.calls, seconds));
                limits.add("%,.0f events/s (ratio %.2f)".formatted(limit, rate / limit));
            } finally {
                pbx.close();
            }
        }
        section("AMI events to stored call records", "≥ 20,000 events/s with 500 concurrent calls",
                "%,d real Asterisk 20 events (captured calls with all their noise, under ids of their own) of %,d inbound calls, %d at once, sent over TCP as fast as the client reads; done when every call is stored and ended in PostgreSQL"
                        .formatted(events, scale.intakeCalls(), scale.intakeAtOnce()),
                "bare Asterisk-Java reading the same stream from a socket into a listener that only counts",
                runs, limits, "%s thousand events/s".formatted(spread(rates.stream().map(r -> r / 1000).toList())),
                rates.stream().allMatch(r -> r >= 20_000));
    }

    /** Events per second bare Asterisk-Java takes in from the same stream; what it drops is counted too. */
    private double bareAsteriskJava(RecordedStream stream) throws Exception {
        PbxSimulator pbx = PbxSimulator.start(PbxSimulator.Settings.defaults().withPort(0).withCredentials("crm", "bench"));
        ManagerConnection connection = new ManagerConnectionFactory("127.0.0.1", pbx.port(), "crm", "bench")
                .createManagerConnection();
        AtomicLong received = new AtomicLong();
        AtomicLong last = new AtomicLong();
        connection.addEventListener(e -> {
            received.incrementAndGet();
            last.set(System.nanoTime());
        });
        try {
            connection.login();
            long before = received.get();
            long start = System.nanoTime();
            for (byte[] chunk : stream.chunks) {
                pbx.sendRaw(chunk);
            }
            // done when nothing more arrives for a second
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> System.nanoTime() - last.get() > 1_000_000_000L);
            long got = received.get() - before;
            return got / ((last.get() - start) / 1e9);
        } finally {
            connection.logoff();
            pbx.close();
        }
    }

    @Test
    @Order(3)
    void popLatency() throws Exception {
        List<String> extensions = IntStream.range(0, scale.popAgents()).mapToObj(i -> String.valueOf(3000 + i)).toList();
        int port = freePort();
        List<String> runs = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        for (int round = 0; round < scale.rounds(); round++) {
            try (ConfigurableApplicationContext crm = node(port, "bench")) {
                Users users = crm.getBean(Users.class);
                for (String ext : extensions) {
                    if (!users.exists("bench" + ext)) {
                        users.create(new NewUser("bench" + ext, "Bench " + ext, "bench-password", ext, java.util.Set.of(Role.AGENT)));
                    }
                }
                int httpPort = Integer.parseInt(crm.getEnvironment().getProperty("local.server.port"));
                List<Long> latencies = new CopyOnWriteArrayList<>();
                List<Long> delivery = new CopyOnWriteArrayList<>();
                List<StompSession> agents = new ArrayList<>();
                for (String ext : extensions) {
                    agents.add(subscribe(httpPort, "bench" + ext, crm.getBean(ObjectMapper.class), latencies, delivery));
                }
                // the load generator in its own process, as a PBX is, making calls at the rate asked
                Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", simulatorJar().toString(), "--port=" + port, "--username=crm", "--secret=bench",
                        "--agents=" + String.join(",", extensions), "--rate=" + scale.popRate(),
                        "--concurrency=" + scale.popConcurrency(), "--wait-for-clients=1")
                        .redirectErrorStream(true).redirectOutput(Path.of("target", "bench-generator.log").toFile()).start();
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> crm.getBean(AmiConnector.class).connected());
                    // the first pops, while the load ramps up and the JIT warms, are not counted
                    await().atMost(Duration.ofMinutes(5)).until(() -> latencies.size() >= scale.popCalls() / 4);
                    latencies.clear();
                    long start = System.nanoTime();
                    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                            .until(() -> latencies.size() >= scale.popCalls());
                    double seconds = (System.nanoTime() - start) / 1e9;
                    List<Long> measured = new ArrayList<>(latencies);
                    double p99 = percentile(measured, 0.99) / 1e6;
                    p99s.add(p99);
                    runs.add("p50 %.1f / p95 %.1f / p99 %.1f ms over %d pops in %.0f s (after the ramp-up)".formatted(percentile(measured, 0.50) / 1e6,
                            percentile(measured, 0.95) / 1e6, p99, measured.size(), seconds));
                    // the limit, under the same load: pops published straight onto the cluster bus at the same rate
                    CallEventPublisher bus = crm.getBean(CallEventPublisher.class);
                    int floorPops = Math.max(10, scale.popCalls() / 4);
                    long every = (long) (1e9 / scale.popRate());
                    long next = System.nanoTime();
                    for (int i = 0; i < floorPops; i++) {
                        String ext = extensions.get(ThreadLocalRandom.current().nextInt(extensions.size()));
                        bus.publish(new CallEvent.CallRang(-1 - i, "bench" + ext, ext, CallDirection.INBOUND, "+15550000000",
                                "+18005551000", "sales", Instant.now(), null));
                        next += every;
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                    }
                    await().atMost(Duration.ofMinutes(2)).until(() -> delivery.size() >= floorPops);
                    double floorP99 = percentile(delivery, 0.99) / 1e6;
                    limits.add("p50 %.1f / p99 %.1f ms (ratio %.1f)".formatted(percentile(delivery, 0.50) / 1e6, floorP99,
                            p99 / floorP99));
                } finally {
                    generator.destroy();
                    generator.waitFor(10, TimeUnit.SECONDS);
                    agents.forEach(StompSession::disconnect);
                }
            }
        }
        section("Screen-pop latency: the PBX's ringing event to the STOMP message at the agent",
                "p99 ≤ 50 ms with 500 concurrent calls and 200 connected agents",
                "the load generator (`pbx-simulator.jar`) in its own process, started once the CRM is connected, makes a mix of calls (queue, ring-all to groups of 5, direct, internal, outbound, transfers) at %.0f a second, at most %d at once, across %d agents each connected over STOMP; latency is the pop's arrival minus the ringing event's PBX timestamp (same clock); the first quarter of the pops (ramp-up) is not counted"
                        .formatted(scale.popRate(), scale.popConcurrency(), scale.popAgents()),
                "the delivery path alone, in the same run and under the same load: as many pops as a quarter of the measured ones, published straight onto the cluster bus (Redis pub/sub, every node, STOMP to the agent) at the same rate, without the PBX, the tracker, the database or the agent's live call in Redis; the ratio is the measured p99 over this one",
                runs, limits, "p99 %s ms".formatted(spread(p99s)), p99s.stream().allMatch(p -> p <= 50));
    }

    // ---------------------------------------------------------------------------------------------

    private ConfigurableApplicationContext node(int amiPort, String secret) {
        return services.node("bench", "--crm.ami.heartbeat=30s", "--crm.ami.leader-lease=90s",
                "--crm.ami.reconnect-delay=200ms", "--logging.level.org.asteriskjava=WARN",
                "--crm.ami.host=127.0.0.1", "--crm.ami.port=" + amiPort, "--crm.ami.username=crm", "--crm.ami.password=" + secret);
    }

    /** An agent's STOMP session: each pop's latency goes to {@code latencies}, or to {@code delivery} for the limit's pops (negative ids). */
    private StompSession subscribe(int port, String user, ObjectMapper json, List<Long> latencies, List<Long> delivery) throws Exception {
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        MappingJackson2MessageConverter converter = new MappingJackson2MessageConverter();
        converter.setObjectMapper(json);
        client.setMessageConverter(converter);
        WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
        headers.add("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":bench-password").getBytes(StandardCharsets.UTF_8)));
        StompSession session = client.connectAsync("ws://localhost:" + port + "/ws", headers, new StompSessionHandlerAdapter() {
        }).get(10, TimeUnit.SECONDS);
        session.subscribe("/user/queue/screen-pops", new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders h) {
                return JsonNode.class;
            }

            @Override
            public void handleFrame(StompHeaders h, Object payload) {
                JsonNode pop = (JsonNode) payload;
                long latency = Duration.between(Instant.parse(pop.get("ringingAt").asText()), Instant.now()).toNanos();
                (pop.get("callId").asLong() < 0 ? delivery : latencies).add(latency);
            }
        });
        return session;
    }

    private void section(String what, String target, String how, String limit, List<String> runs, List<String> limits,
                         String spread, boolean met) {
        StringBuilder s = new StringBuilder("## " + what + "\n\n");
        s.append("Target (PRODUCT.md): ").append(target).append(". **").append(met ? "Met" : "Not met").append("** in these runs.\n\n");
        s.append(how).append(".\n\nLimit measured beside it: ").append(limit).append(".\n\n");
        s.append("| run | measured | limit (ratio) |\n|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            s.append("| ").append(i + 1).append(" | ").append(runs.get(i)).append(" | ").append(limits.get(i)).append(" |\n");
        }
        s.append("\nSpread: ").append(spread).append(".\n");
        sections.add(s.toString());
    }

    private static String written(String e164) {
        return switch (ThreadLocalRandom.current().nextInt(3)) {
            case 0 -> "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
            case 1 -> "1 " + e164.substring(2, 5) + " " + e164.substring(5, 8) + " " + e164.substring(8);
            default -> e164;
        };
    }

    private static String spread(List<Double> values) {
        double min = Collections.min(values);
        double max = Collections.max(values);
        return values.size() == 1 ? "%.2f".formatted(min) : "%.2f to %.2f".formatted(min, max);
    }

    private static long percentile(List<Long> nanos, double q) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)));
    }

    static Path simulatorJar() throws IOException {
        try (var files = Files.list(Path.of("..", "pbx-simulator", "target"))) {
            return files.filter(p -> p.getFileName().toString().matches("pbx-simulator-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build the pbx-simulator module first"));
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (Exception e) {
            return "unknown";
        }
    }
}
