package io.callcenter.archfixtures.tracker.telephony.tracker;

import org.springframework.stereotype.Component;
import redis.clients.jedis.JedisPooled;

@Component
public class SpringyTracker {
    JedisPooled redis;
}
