package io.callcenter.crm.benchmark;

import io.callcenter.crm.ServicesForNodes;
import io.callcenter.crm.agents.NewUser;
import io.callcenter.crm.agents.Role;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.outbox.OutboxRelay;
import io.callcenter.crm.telephony.CallPipeline;
import io.callcenter.crm.telephony.ami.AmiConnector;
import io.callcenter.pbxsim.PbxSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import redis.clients.jedis.Jedis;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * The CRM under a steady, realistic load for a long time, then through a database outage under that load:
 * heap after a full GC, threads, database sessions and Redis clients sampled as it goes, and every call
 * accounted for at the end. Writes {@code BENCHMARKS-soak.md} ({@code ./bench.sh soak}); {@link SoakSmokeIT}
 * runs it for a minute in the normal tests. It measures; it asserts no timing.
 */
class SoakBenchmark {

    /** How long, how busy. */
    record Plan(Duration soak, Duration outage, double rate, int concurrency, int agents, Duration sampleEvery, Path report) {
    }

    private static final int LANE_MEMORY = 1_000;

    Plan plan() {
        return new Plan(Duration.ofMinutes(Long.getLong("soak.minutes", 30)), Duration.ofMinutes(Long.getLong("soak.outage-minutes", 5)),
                3, 150, 60, Duration.ofSeconds(30), Path.of("..", "BENCHMARKS-soak.md"));
    }

    private record Sample(String phase, long seconds, long heapMib, int threads, long dbSessions, long redisClients,
                          long callsStored, long lanesDepth, long spilled, int mostInMemory, long outboxBacklog) {
    }

    @Test
    void soakThenADatabaseOutage() throws Exception {
        Plan plan = plan();
        List<Sample> samples = new ArrayList<>();
        try (ServicesForNodes services = ServicesForNodes.start("soak", false)) {
            int port = PerformanceBenchmark.freePort();
            try (ConfigurableApplicationContext crm = services.node("soak", "--crm.ami.host=127.0.0.1",
                    "--crm.ami.port=" + port, "--crm.ami.username=crm", "--crm.ami.password=soak",
                    "--crm.ami.reconnect-delay=200ms", "--spring.datasource.hikari.connection-timeout=2000",
                    "--crm.calls.lane-memory=" + LANE_MEMORY)) {
                List<String> extensions = IntStream.range(0, plan.agents()).mapToObj(i -> String.valueOf(4000 + i)).toList();
                Users users = crm.getBean(Users.class);
                for (String ext : extensions) {
                    users.create(new NewUser("soak" + ext, "Soak " + ext, "soak-password", ext, Set.of(Role.AGENT)));
                }
                Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", PerformanceBenchmark.simulatorJar().toString(), "--port=" + port, "--username=crm",
                        "--secret=soak", "--agents=" + String.join(",", extensions), "--rate=" + plan.rate(),
                        "--concurrency=" + plan.concurrency(), "--wait-for-clients=1")
                        .redirectErrorStream(true).redirectOutput(Path.of("target", "soak-generator.log").toFile()).start();
                long start = System.nanoTime();
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> crm.getBean(AmiConnector.class).connected());
                    sampleUntil("soak", start, plan.soak(), plan.sampleEvery(), crm, services, samples);
                    services.refuseDatabaseConnections(true);
                    try {
                        sampleUntil("database down", start, plan.outage(), plan.sampleEvery(), crm, services, samples);
                    } finally {
                        services.refuseDatabaseConnections(false);
                    }
                    sampleUntil("database back", start, plan.sampleEvery().multipliedBy(2), plan.sampleEvery(), crm, services, samples);
                } finally {
                    generator.destroy();
                    generator.waitFor(10, TimeUnit.SECONDS);
                }
                // the PBX restarts without calls: the resynchronisation closes the calls it had; then none may be open
                CallPipeline lanes = crm.getBean(CallPipeline.class);
                JdbcClient jdbc = crm.getBean(JdbcClient.class);
                try (PbxSimulator restarted = PbxSimulator.start(PbxSimulator.Settings.defaults().withPort(port)
                        .withCredentials("crm", "soak"))) {
                    await().atMost(Duration.ofMinutes(5)).until(() -> restarted.loggedInSessions() == 1
                            && lanes.inFlight() == 0 && open(jdbc) == 0);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // reported below as calls still open
                }
                long stored = jdbc.sql("select count(*) from calls").query(Long.class).single();
                write(plan, samples, stored, open(jdbc), lanes.spilled());
            }
        }
    }

    private static long open(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from calls where ended_at is null").query(Long.class).single();
    }

    private static void sampleUntil(String phase, long start, Duration length, Duration every,
                                    ConfigurableApplicationContext crm, ServicesForNodes services, List<Sample> samples) {
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            long next = Math.min(end, System.nanoTime() + every.toNanos());
            await().pollDelay(Duration.ZERO).atMost(every.plusSeconds(5)).until(() -> System.nanoTime() >= next);
            samples.add(sample(phase, start, crm, services));
        }
    }

    private static Sample sample(String phase, long start, ConfigurableApplicationContext crm, ServicesForNodes services) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long sessions = -1;
        long stored = -1;
        try {
            JdbcClient jdbc = crm.getBean(JdbcClient.class);
            sessions = jdbc.sql("select count(*) from pg_stat_activity where datname = current_database()").query(Long.class).single();
            stored = jdbc.sql("select count(*) from calls").query(Long.class).single();
        } catch (RuntimeException e) {
            // the database is down: nothing to count
        }
        long clients;
        try (Jedis jedis = new Jedis(URI.create(services.environment().getProperty("crm.redis.url")))) {
            clients = jedis.info("clients").lines().filter(l -> l.startsWith("connected_clients:"))
                    .map(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(-1L) - 1;
        }
        CallPipeline lanes = crm.getBean(CallPipeline.class);
        return new Sample(phase, (System.nanoTime() - start) / 1_000_000_000L, heap, threads, sessions, clients, stored,
                lanes.inFlight(), lanes.spilled(), lanes.mostInMemory(), crm.getBean(OutboxRelay.class).backlog());
    }

    private static void write(Plan plan, List<Sample> samples, long stored, long open, long spilled) throws Exception {
        StringBuilder sb = new StringBuilder();
        String commit = PerformanceBenchmark.run("git", "rev-parse", "--short", "HEAD").strip();
        sb.append("# Soak\n\nMeasured by `./bench.sh soak` on ").append(LocalDate.now()).append(", commit ").append(commit)
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB heap for the JVM (CRM and test in one JVM; ")
                .append("PostgreSQL, Redis and the load generator beside it).\n\n")
                .append("The load generator (its own process) makes the usual mix of calls at %.0f a second, at most %d at once, across %d agents, for %s; then PostgreSQL refuses the application for %s while the calls go on; then it is back. Each recording lane keeps at most %d call updates in memory (`crm.calls.lane-memory`, lowered from 10,000 so that the outage shows the disk at work). Every %d s: heap used after a full GC, live threads, the application's database sessions, Redis clients, calls stored, call updates waiting in the lanes (how many waited on disk so far, the most any lane held in memory), facts waiting in the outbox.\n\n"
                        .formatted(plan.rate(), plan.concurrency(), plan.agents(), human(plan.soak()), human(plan.outage()),
                                LANE_MEMORY, plan.sampleEvery().toSeconds()));
        sb.append("| phase | s | heap MiB | threads | db sessions | redis clients | calls stored | lanes waiting | spilled | most in memory | outbox |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Sample s : samples) {
            sb.append("| %s | %d | %d | %d | %s | %d | %s | %d | %d | %d | %d |\n".formatted(s.phase(), s.seconds(), s.heapMib(),
                    s.threads(), s.dbSessions() < 0 ? "down" : s.dbSessions(), s.redisClients(),
                    s.callsStored() < 0 ? "down" : s.callsStored(), s.lanesDepth(), s.spilled(), s.mostInMemory(), s.outboxBacklog()));
        }
        List<Sample> soak = samples.stream().filter(s -> s.phase().equals("soak")).toList();
        List<Sample> down = samples.stream().filter(s -> s.phase().equals("database down")).toList();
        int third = Math.max(1, soak.size() / 3);
        sb.append("\nDuring the soak: heap after GC %s MiB in its first third, %s MiB in its last; threads %s; database sessions %s; Redis clients %s.\n"
                .formatted(range(soak.subList(0, third).stream().mapToLong(Sample::heapMib).boxed().toList()),
                        range(soak.subList(soak.size() - third, soak.size()).stream().mapToLong(Sample::heapMib).boxed().toList()),
                        range(soak.stream().mapToLong(Sample::threads).boxed().toList()),
                        range(soak.stream().mapToLong(Sample::dbSessions).boxed().toList()),
                        range(soak.stream().mapToLong(Sample::redisClients).boxed().toList())));
        sb.append("During the outage: heap after GC %s MiB; the most any lane held in memory %s (the rest waited on disk: %d updates by the end).\n"
                .formatted(range(down.stream().mapToLong(Sample::heapMib).boxed().toList()),
                        range(down.stream().mapToLong(Sample::mostInMemory).boxed().toList()), spilled));
        sb.append("At the end (the PBX restarted without calls, the CRM resynchronised, the lanes empty): %d calls stored, %d still open.\n"
                .formatted(stored, open));
        Files.createDirectories(plan.report().toAbsolutePath().getParent());
        Files.writeString(plan.report(), sb.toString());
        System.out.println(sb);
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " minutes" : d.toSeconds() + " s";
    }

    private static String range(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        long min = values.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = values.stream().mapToLong(Long::longValue).max().orElseThrow();
        return min == max ? String.valueOf(min) : min + "–" + max;
    }
}
