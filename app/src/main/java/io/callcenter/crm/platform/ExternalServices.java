package io.callcenter.crm.platform;

import io.callcenter.crm.shared.InvalidSettingException;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Checks the services the application runs on before anything is built on them, naming the property that
 * is wrong: one that is missing, unreachable or refuses the credentials stops start-up. Runs after the
 * dev-services module (when the build has it) has started embedded services for what is not set.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class ExternalServices implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final int TIMEOUT_SECONDS = 5;
    private static final String NO_DEV_SERVICES = " and this build has no embedded services (the dev-services module)";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        String database = env.getProperty("spring.datasource.url");
        if (database == null || database.isBlank()) {
            throw new InvalidSettingException("spring.datasource.url", "is not set" + NO_DEV_SERVICES
                    + ": give the jdbc:postgresql:// URL of your PostgreSQL");
        }
        checkPostgres(database, env.getProperty("spring.datasource.username"), env.getProperty("spring.datasource.password"));
        String redis = env.getProperty("crm.redis.url");
        if (redis == null || redis.isBlank()) {
            throw new InvalidSettingException("crm.redis.url", "is not set" + NO_DEV_SERVICES
                    + ": give the redis:// URL of your Redis");
        }
        checkRedis(redis);
        String storage = env.getProperty("crm.storage.endpoint");
        if (storage == null || storage.isBlank()) {
            throw new InvalidSettingException("crm.storage.endpoint", "is not set" + NO_DEV_SERVICES
                    + ": give the URL of your S3-compatible store (MinIO)");
        }
        String ami = env.getProperty("crm.ami.host");
        if ("true".equalsIgnoreCase(env.getProperty("crm.simulator.enabled")) && (ami == null || ami.isBlank())) {
            throw new InvalidSettingException("crm.simulator.enabled", "is true" + NO_DEV_SERVICES
                    + ", which holds the PBX simulator: set crm.ami.host to your Asterisk instead");
        }
    }

    static void checkPostgres(String url, String username, String password) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new InvalidSettingException("spring.datasource.url",
                    "'" + url + "' is not a jdbc:postgresql://host:port/database URL");
        }
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", String.valueOf(TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", String.valueOf(TIMEOUT_SECONDS));
        try (Connection ignored = DriverManager.getConnection(url, props)) {
            // reachable and the credentials work
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String property = state.startsWith("28") ? "spring.datasource.password" : "spring.datasource.url";
            throw new InvalidSettingException(property, "cannot connect to PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
    }

    static void checkRedis(String url) {
        URI uri = redisUri(url);
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_SECONDS * 1000)
                .socketTimeoutMillis(TIMEOUT_SECONDS * 1000)
                .ssl("rediss".equals(uri.getScheme()));
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            if (parts.length == 2) {
                config.user(parts[0].isEmpty() ? null : parts[0]).password(parts[1]);
            } else {
                config.password(parts[0]);
            }
        }
        try (Jedis jedis = new Jedis(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), config.build())) {
            jedis.ping();
        } catch (RuntimeException e) {
            throw new InvalidSettingException("crm.redis.url", "cannot reach Redis at " + url + ": " + e.getMessage(), e);
        }
    }

    static URI redisUri(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("redis") || uri.getScheme().equals("rediss"))
                    || uri.getHost() == null) {
                throw new InvalidSettingException("crm.redis.url", "'" + url + "' is not a redis://host:port URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("crm.redis.url", "'" + url + "' is not a redis://host:port URL", e);
        }
    }
}
