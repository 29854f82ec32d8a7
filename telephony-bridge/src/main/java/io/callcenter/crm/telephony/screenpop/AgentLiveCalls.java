package io.callcenter.crm.telephony.screenpop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.telephony.CallEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import redis.clients.jedis.JedisPooled;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The call each agent's screen should show right now (ringing, talking, or waiting for wrap-up), kept in
 * Redis so a page reload or a second tab on any node shows the live call again. Written by the node that
 * tracks the PBX, in the order of the call's events; read by every node.
 */
@Component
class AgentLiveCalls {

    private static final Logger log = LoggerFactory.getLogger(AgentLiveCalls.class);
    private static final String PREFIX = "crm:live-call:";
    private static final long TTL_SECONDS = 12 * 3600;

    private final JedisPooled redis;
    private final ObjectMapper json;

    AgentLiveCalls(JedisPooled redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    Optional<LiveCall> of(String agent) {
        try {
            String value = redis.get(PREFIX + agent);
            return value == null ? Optional.empty() : Optional.of(json.readValue(value, LiveCall.class));
        } catch (Exception e) {
            log.warn("Could not read the live call of {}: {}", agent, e.toString());
            return Optional.empty();
        }
    }

    private void set(String agent, LiveCall live) {
        try {
            redis.setex(PREFIX + agent, TTL_SECONDS, json.writeValueAsString(live));
        } catch (Exception e) {
            log.warn("Could not store the live call of {}: {}", agent, e.toString());
        }
    }

    /** Forgets the agent's live call if it is still this call (a newer call is left alone). */
    void clear(String agent, long callId) {
        of(agent).filter(l -> l.call().callId() == callId).ifPresent(l -> redis.del(PREFIX + agent));
    }

    /** Applies a call event to the agent it concerns. */
    void apply(CallEvent event, Supplier<CallEvent.CallRang> described) {
        if (event instanceof CallEvent.CallRang rang && rang.agent() != null) {
            set(rang.agent(), new LiveCall(rang, LiveCall.Phase.RINGING, rang.ringingAt()));
        } else if (event instanceof CallEvent.CallRingStopped stopped && stopped.agent() != null) {
            of(stopped.agent()).filter(l -> l.call().callId() == stopped.callId() && l.phase() == LiveCall.Phase.RINGING)
                    .ifPresent(l -> redis.del(PREFIX + stopped.agent()));
        } else if (event instanceof CallEvent.CallAnswered answered && answered.agent() != null) {
            CallEvent.CallRang call = of(answered.agent()).filter(l -> l.call().callId() == answered.callId())
                    .map(LiveCall::call).orElseGet(described);
            set(answered.agent(), new LiveCall(call, LiveCall.Phase.TALKING, answered.at()));
        } else if (event instanceof CallEvent.CallEnded ended && ended.agent() != null) {
            of(ended.agent()).filter(l -> l.call().callId() == ended.callId())
                    .ifPresent(l -> set(ended.agent(), new LiveCall(l.call(), LiveCall.Phase.WRAP_UP, ended.at())));
        }
    }
}
