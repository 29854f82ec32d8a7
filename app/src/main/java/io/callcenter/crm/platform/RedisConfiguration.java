package io.callcenter.crm.platform;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.JedisPooled;

import java.net.URI;

/** The Redis every app node shares for live state and event fan-out. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    @Bean(destroyMethod = "close")
    JedisPooled jedis(@Value("${crm.redis.url}") String url) {
        URI uri = ExternalServices.redisUri(url);
        return new JedisPooled(uri);
    }

    @Bean
    AbstractHealthIndicator redisHealthIndicator(JedisPooled jedis) {
        return new AbstractHealthIndicator("Redis check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                builder.up().withDetail("ping", jedis.ping());
            }
        };
    }
}
