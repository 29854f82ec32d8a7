package io.callcenter.crm.telephony;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;

import java.net.URI;

/**
 * Carries {@link CallEvent}s to every application node through Redis pub/sub; each node republishes
 * what it receives as a Spring application event, so listeners (screen-pops, live views) are the same
 * wherever the PBX connection lives. When Redis cannot be reached the event is still delivered on this
 * node.
 */
@Component
public class CallEventBus implements SmartLifecycle {

    static final String CHANNEL = "crm:call-events";
    private static final Logger log = LoggerFactory.getLogger(CallEventBus.class);

    private final JedisPooled redis;
    private final ObjectMapper json;
    private final ApplicationEventPublisher publisher;
    private final URI redisUri;
    private volatile boolean running;
    private volatile JedisPubSub subscription;
    private Thread subscriber;

    public CallEventBus(JedisPooled redis, ObjectMapper json, ApplicationEventPublisher publisher,
                        @Value("${crm.redis.url}") String redisUrl) {
        this.redis = redis;
        this.json = json;
        this.publisher = publisher;
        this.redisUri = URI.create(redisUrl);
    }

    public void publish(CallEvent event) {
        try {
            redis.publish(CHANNEL, json.writeValueAsString(event));
        } catch (Exception e) {
            log.warn("Redis did not take call event {} ({}); delivering it on this node only", event, e.toString());
            publisher.publishEvent(event);
        }
    }

    @Override
    public void start() {
        running = true;
        subscriber = new Thread(this::subscribeLoop, "call-events-subscriber");
        subscriber.setDaemon(true);
        subscriber.start();
    }

    private void subscribeLoop() {
        while (running) {
            try (Jedis jedis = new Jedis(redisUri)) {
                JedisPubSub pubSub = new JedisPubSub() {
                    @Override
                    public void onMessage(String channel, String message) {
                        try {
                            publisher.publishEvent(json.readValue(message, CallEvent.class));
                        } catch (Exception e) {
                            log.warn("Skipped a call event that could not be read or delivered: {} ({})", message, e.toString());
                        }
                    }
                };
                subscription = pubSub;
                jedis.subscribe(pubSub, CHANNEL);
            } catch (Exception e) {
                if (running) {
                    log.warn("Call event subscription to Redis lost ({}); resubscribing", e.toString());
                    sleep(1000);
                }
            }
        }
    }

    /** Whether this node is listening (the subscription is live). */
    public boolean subscribed() {
        JedisPubSub s = subscription;
        return s != null && s.isSubscribed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        JedisPubSub s = subscription;
        if (s != null && s.isSubscribed()) {
            try {
                s.unsubscribe();
            } catch (Exception e) {
                log.debug("unsubscribe failed", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // listen before the PBX connection starts, stop after it
    }
}
