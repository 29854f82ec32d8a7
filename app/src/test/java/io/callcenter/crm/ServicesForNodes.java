package io.callcenter.crm;

import io.callcenter.crm.devservices.EmbeddedServices;
import io.callcenter.pbxsim.PbxSimulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL, Redis and the object store (and the PBX simulator, when asked), started by the dev-services
 * module outside any application, so that the application nodes a test starts on them can come and go
 * (a leader killed, a database closed) while the services stay.
 */
public final class ServicesForNodes implements AutoCloseable {

    private final GenericApplicationContext services = new GenericApplicationContext();

    private ServicesForNodes(String name, boolean simulator) {
        try {
            services.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                    "crm.data-dir", Files.createTempDirectory(Path.of("target"), name + "-").toString(),
                    "crm.simulator.enabled", String.valueOf(simulator), "crm.simulator.calls-per-minute", "0")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new EmbeddedServices().initialize(services);
        services.refresh();
    }

    public static ServicesForNodes start(String name, boolean simulator) {
        return new ServicesForNodes(name, simulator);
    }

    public PbxSimulator pbx() {
        return services.getBean(PbxSimulator.class);
    }

    public Environment environment() {
        return services.getEnvironment();
    }

    /** The settings that point an application at these services (and at the simulator, if it runs), as arguments. */
    public List<String> externalSettings() {
        Environment env = services.getEnvironment();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + env.getProperty("spring.datasource.username"),
                "--spring.datasource.password=" + env.getProperty("spring.datasource.password"),
                "--crm.redis.url=" + env.getProperty("crm.redis.url"),
                "--crm.storage.endpoint=" + env.getProperty("crm.storage.endpoint"),
                "--crm.storage.access-key=" + env.getProperty("crm.storage.access-key"),
                "--crm.storage.secret-key=" + env.getProperty("crm.storage.secret-key")));
        if (env.getProperty("crm.ami.host") != null) {
            args.addAll(List.of("--crm.ami.host=" + env.getProperty("crm.ami.host"),
                    "--crm.ami.port=" + env.getProperty("crm.ami.port"),
                    "--crm.ami.username=" + env.getProperty("crm.ami.username"),
                    "--crm.ami.password=" + env.getProperty("crm.ami.password")));
        }
        return args;
    }

    /**
     * An application node on these services: demo users, no simulator of its own, its own data folder and
     * Quartz scheduler name (Quartz keeps data sources JVM-wide by that name); {@code settings} come last.
     */
    public ConfigurableApplicationContext node(String name, String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--crm.data-dir=target/node-" + name + "-" + System.nanoTime(),
                "--spring.quartz.scheduler-name=crm-" + name + "-" + System.nanoTime(),
                "--crm.demo.enabled=true", "--crm.simulator.enabled=false"));
        args.addAll(externalSettings());
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(CrmApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * Closes the database to the applications, as an outage or a restart looks to them: new sessions are
     * refused and open ones ended; {@code false} opens it again.
     */
    public void refuseDatabaseConnections(boolean refuse) throws java.sql.SQLException {
        Environment env = environment();
        String admin = env.getProperty("spring.datasource.url").replaceFirst("/postgres$", "/template1");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(admin, env.getProperty("spring.datasource.username"),
                env.getProperty("spring.datasource.password")); java.sql.Statement st = c.createStatement()) {
            st.execute("alter database postgres allow_connections " + !refuse);
            if (refuse) {
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'postgres'");
            }
        }
    }

    @Override
    public void close() {
        services.close();
    }
}
