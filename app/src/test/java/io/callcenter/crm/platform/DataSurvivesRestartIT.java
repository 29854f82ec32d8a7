package io.callcenter.crm.platform;

import io.callcenter.crm.CrmApplication;
import io.callcenter.crm.contacts.ContactDraft;
import io.callcenter.crm.contacts.ContactResult;
import io.callcenter.crm.contacts.Contacts;
import io.callcenter.crm.contacts.PhoneNumber;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded services keep their data under crm.data-dir and stop with the application. */
class DataSurvivesRestartIT {

    @Test
    void contactSavedBeforeARestartIsThereAfterIt() throws Exception {
        // given
        Path dataDir = Files.createTempDirectory(Path.of("target"), "restart-");
        long id;
        long reminder;
        int postgresPort;
        int redisPort;
        try (ConfigurableApplicationContext first = start(dataDir, "--crm.admin.password=first-admin-secret")) {
            ContactResult saved = first.getBean(Contacts.class)
                    .create(new ContactDraft("Kept Across Restarts", null, List.of("555 040 5060"), null, null, null));
            id = ((ContactResult.Saved) saved).contact().id();
            reminder = ((io.callcenter.crm.tasks.Tasks.Result.Saved) first.getBean(io.callcenter.crm.tasks.Tasks.class)
                    .createReminder(id, null, "admin", java.time.Instant.now().plus(java.time.Duration.ofDays(2)), "Quarterly review"))
                    .task().id();
            postgresPort = URI.create(first.getEnvironment().getProperty("spring.datasource.url").substring(5)).getPort();
            redisPort = URI.create(first.getEnvironment().getProperty("crm.redis.url")).getPort();
        }

        // then: the services stopped with the application
        assertThat(listening(postgresPort)).as("PostgreSQL stopped").isFalse();
        assertThat(listening(redisPort)).as("Redis stopped").isFalse();

        // when
        try (ConfigurableApplicationContext second = start(dataDir)) {
            // then
            Contacts contacts = second.getBean(Contacts.class);
            assertThat(contacts.find(id)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Kept Across Restarts"));
            assertThat(contacts.findByPhone(new PhoneNumber("+15550405060"))).hasSize(1);
            // the reminder is still scheduled to fire in two days
            org.quartz.Scheduler scheduler = second.getBean(org.quartz.Scheduler.class);
            assertThat(scheduler.checkExists(org.quartz.TriggerKey.triggerKey("task-" + reminder, "tasks-due"))).isTrue();
            Environment env = second.getEnvironment();
            assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://localhost:");
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        assertThat(dataDir.resolve("redis")).isDirectory();
        assertThat(dataDir.resolve("objects/recordings")).isDirectory();
    }

    static ConfigurableApplicationContext start(Path dataDir, String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "--crm.data-dir=" + dataDir;
        args[1] = "--server.port=0";
        // Quartz keeps its data sources in a JVM-wide registry by scheduler name: a second application in
        // this test JVM must not take over the shared test application's entry
        args[2] = "--spring.quartz.scheduler-name=crm-" + dataDir.getFileName();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return new SpringApplicationBuilder(CrmApplication.class).run(args);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
