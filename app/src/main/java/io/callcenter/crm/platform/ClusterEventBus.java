package io.callcenter.crm.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.tasks.TaskDue;
import io.callcenter.crm.telephony.CallEvent;
import io.callcenter.crm.telephony.CallEventPublisher;
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
import java.util.Map;

/**
 * Carries events every application node must see (call events, tasks falling due) through Redis
 * pub/sub; each node republishes what it receives as a Spring application event, so listeners
 * (screen-pops, notifications, live views) are the same wherever the fact was decided. When Redis
 * cannot be reached the event is still delivered on this node.
 */
@Component
class ClusterEventBus implements CallEventPublisher, SmartLifecycle {

    static final String CALL_EVENTS = "crm:call-events";
    static final String TASKS_DUE = "crm:tasks-due";
    private static final Map<String, Class<?>> CHANNELS = Map.of(CALL_EVENTS, CallEvent.class, TASKS_DUE, TaskDue.class);
    private static final Logger log = LoggerFactory.getLogger(ClusterEventBus.class);

    private final JedisPooled redis;
    private final ObjectMapper json;
    private final ApplicationEventPublisher publisher;
    private final URI redisUri;
    private volatile boolean running;
    private volatile JedisPubSub subscription;

    ClusterEventBus(JedisPooled redis, ObjectMapper json, ApplicationEventPublisher publisher,
                           @Value("${crm.redis.url}") String redisUrl) {
        this.redis = redis;
        this.json = json;
        this.publisher = publisher;
        this.redisUri = URI.create(redisUrl);
    }

    @Override
    public void publish(CallEvent event) {
        send(CALL_EVENTS, event);
    }

    public void publish(TaskDue event) {
        send(TASKS_DUE, event);
    }

    /** Publishes to every node or throws: for a fact from the outbox, which is offered again when this fails. */
    void publishOrThrow(TaskDue event) throws Exception {
        redis.publish(TASKS_DUE, json.writeValueAsString(event));
    }

    private void send(String channel, Object event) {
        try {
            redis.publish(channel, json.writeValueAsString(event));
        } catch (Exception e) {
            log.warn("Redis did not take {} ({}); delivering it on this node only", event, e.toString());
            publisher.publishEvent(event);
        }
    }

    @Override
    public void start() {
        running = true;
        Thread subscriber = new Thread(this::subscribeLoop, "cluster-events-subscriber");
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
                            publisher.publishEvent(json.readValue(message, CHANNELS.get(channel)));
                        } catch (Exception e) {
                            log.warn("Skipped an event that could not be read or delivered: {} ({})", message, e.toString());
                        }
                    }
                };
                subscription = pubSub;
                jedis.subscribe(pubSub, CHANNELS.keySet().toArray(String[]::new));
            } catch (Exception e) {
                if (running) {
                    log.warn("Event subscription to Redis lost ({}); resubscribing", e.toString());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
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
