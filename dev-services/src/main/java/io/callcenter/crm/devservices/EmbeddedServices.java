package io.callcenter.crm.devservices;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.callcenter.pbxsim.PbxSimulator;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The quick start's and the tests' services: starts a real PostgreSQL, Redis and S3-compatible store for
 * every service that has no external setting, with data under {@code crm.data-dir}, and the PBX simulator
 * when {@code crm.simulator.enabled} and no Asterisk is set, before any bean needs them; stops them when
 * the application stops. A service that is configured is left alone (the application checks it), so a
 * wrong setting stops start-up instead of silently falling back to an embedded service. Runs first among
 * the initializers; a production build leaves this module out.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class EmbeddedServices implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);
    static final String PROPERTY_SOURCE = "crmEmbeddedServices";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (env.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        Path dataDir = Path.of(env.getProperty("crm.data-dir", "./data")).toAbsolutePath().normalize();
        Running running = new Running();
        Map<String, Object> resolved = new LinkedHashMap<>();
        try {
            if (isBlank(env.getProperty("spring.datasource.url"))) {
                startPostgres(dataDir.resolve("postgres"), running, resolved);
            }
            if (isBlank(env.getProperty("crm.redis.url"))) {
                startRedis(dataDir.resolve("redis"), running, resolved);
            }
            if (isBlank(env.getProperty("crm.storage.endpoint"))) {
                startObjectStore(dataDir.resolve("objects"), running, resolved);
            }
            if (isBlank(env.getProperty("crm.ami.host")) && "true".equalsIgnoreCase(env.getProperty("crm.simulator.enabled"))) {
                startSimulator(env, dataDir, running, resolved, context);
            }
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, resolved));
        context.addApplicationListener(event -> {
            if (event instanceof ApplicationFailedEvent failed && failed.getApplicationContext() == context) {
                running.close();
            }
        });
        // stopped after the application: registered before any of its beans, so destroyed after all of them (the
        // connection pool, Quartz, the AMI connector), never while they still use a service
        if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
            beans.registerDisposableBean("embeddedServices", running::close);
        }
        // when the JVM stops (Ctrl-C), Spring's own hook closes the application, and the services with it, last; this
        // one waits for that (calling close here would interrupt it) and stops them only if nobody closes it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try {
                while (context.isActive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.close();
        }, "embedded-services-stop"));
    }

    private static void startPostgres(Path dir, Running running, Map<String, Object> resolved) {
        try {
            Files.createDirectories(dir);
            long started = System.nanoTime();
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    // its own JVM hook would stop it at once, under the application still closing: ours stops it last
                    .setRegisterShutdownHook(false)
                    .setPort(freePort())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .start();
            running.add("PostgreSQL", pg);
            resolved.put("spring.datasource.url", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
            resolved.put("spring.datasource.username", "postgres");
            resolved.put("spring.datasource.password", "");
            log.info("Embedded PostgreSQL on port {} with data in {} ({} ms)", pg.getPort(), dir, millisSince(started));
        } catch (IOException e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start with data in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void startRedis(Path dir, Running running, Map<String, Object> resolved) {
        try {
            Files.createDirectories(dir);
            int port = freePort();
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dir)
                    .setting("appendonly yes")
                    .setting("protected-mode yes")
                    .build();
            redis.start();
            running.add("Redis", () -> {
                try {
                    redis.stop();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            resolved.put("crm.redis.url", "redis://127.0.0.1:" + port);
            log.info("Embedded Redis on port {} with data in {}", port, dir);
        } catch (IOException e) {
            throw new IllegalStateException("Embedded Redis did not start with data in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void startObjectStore(Path dir, Running running, Map<String, Object> resolved) {
        try {
            Files.createDirectories(dir);
            int port = freePort();
            String accessKey = "crm-embedded";
            String secretKey = randomSecret();
            Properties overrides = new Properties();
            overrides.setProperty("jclouds.filesystem.basedir", dir.toString());
            BlobStoreContext blobs = ContextBuilder.newBuilder("filesystem")
                    .overrides(overrides)
                    .build(BlobStoreContext.class);
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(blobs.getBlobStore())
                    .endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Embedded object store did not start within 30 s");
                }
                Thread.sleep(20);
            }
            running.add("object store", () -> {
                try {
                    proxy.stop();
                } finally {
                    blobs.close();
                }
            });
            resolved.put("crm.storage.endpoint", endpoint.toString());
            resolved.put("crm.storage.access-key", accessKey);
            resolved.put("crm.storage.secret-key", secretKey);
            log.info("Embedded S3-compatible store on {} with data in {}", endpoint, dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the embedded object store", e);
        } catch (Exception e) {
            throw new IllegalStateException("Embedded object store did not start with data in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The built-in PBX simulator, as if an Asterisk were configured: the CRM connects to it over AMI like
     * to a real one. It starts making calls once the application is ready.
     */
    private static void startSimulator(ConfigurableEnvironment env, Path dataDir, Running running,
                                       Map<String, Object> resolved, ConfigurableApplicationContext context) {
        try {
            String spool = env.getProperty("crm.recordings.spool-dir");
            Path spoolDir = spool == null || spool.isBlank() ? dataDir.resolve("spool") : Path.of(spool);
            String secret = randomSecret();
            PbxSimulator.Settings settings = PbxSimulator.Settings.defaults()
                    .withCredentials("crm", secret)
                    .withAgents(List.of(env.getProperty("crm.simulator.agents", "1001,1002").split("\\s*,\\s*")))
                    .withSpool(spoolDir, env.getProperty("crm.recordings.asterisk-dir", "/var/spool/asterisk/monitor"))
                    .withSpeed(Double.parseDouble(env.getProperty("crm.simulator.speed", "1")));
            PbxSimulator pbx = PbxSimulator.start(settings);
            running.add("PBX simulator", pbx);
            resolved.put("crm.ami.host", "127.0.0.1");
            resolved.put("crm.ami.port", pbx.port());
            resolved.put("crm.ami.username", "crm");
            resolved.put("crm.ami.password", secret);
            context.getBeanFactory().registerSingleton("pbxSimulator", pbx);
            double perMinute = Double.parseDouble(env.getProperty("crm.simulator.calls-per-minute", "4"));
            int concurrency = Integer.parseInt(env.getProperty("crm.simulator.concurrency", "3"));
            if (perMinute > 0) {
                context.addApplicationListener(event -> {
                    if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext() == context) {
                        pbx.startLoad(perMinute / 60.0, concurrency);
                        log.info("PBX simulator makes about {} call(s) a minute, at most {} at once", perMinute, concurrency);
                    }
                });
            }
            log.info("PBX simulator on AMI port {} (agents {})", pbx.port(), settings.agents());
        } catch (IOException e) {
            throw new IllegalStateException("The PBX simulator did not start: " + e.getMessage(), e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The services this process started, stopped once, newest first. */
    private static final class Running {
        private record Service(String name, AutoCloseable handle) {
        }

        private final Deque<Service> services = new ArrayDeque<>();

        synchronized void add(String name, AutoCloseable handle) {
            services.push(new Service(name, handle));
        }

        synchronized void close() {
            while (!services.isEmpty()) {
                Service service = services.pop();
                try {
                    service.handle().close();
                    log.info("Stopped embedded {}", service.name());
                } catch (Exception e) {
                    log.warn("Embedded {} did not stop cleanly: {}", service.name(), e.toString());
                }
            }
        }
    }
}
