package io.callcenter.crm.telephony.screenpop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.telephony.CallEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import redis.clients.jedis.JedisPooled;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The call each agent's screen should show right now (ringing, talking, or waiting for wrap-up), kept in
 * Redis so a page reload or a second tab on any node shows the live call again. Written by the node that
 * tracks the PBX, in the order of each call's events; read by every node.
 *
 * <p>An agent's entry is a hash ({@code callId}, {@code call}, {@code phase}, {@code since}) and every
 * change is one Lua script that checks which call the entry holds and changes it in the same step: the
 * calls of one agent are recorded on different lanes at once, and the end of one call must not overwrite
 * the ringing of the next. The end of a call also leaves a mark ({@code crm:call-ended:<callId>}, for an
 * hour) that no later event of that call can undo: the end comes through the outbox, at least once and
 * possibly before the lane announces the answer that preceded it.
 */
@Component
class AgentLiveCalls {

    private static final Logger log = LoggerFactory.getLogger(AgentLiveCalls.class);
    private static final String PREFIX = "crm:agent-live-call:";
    private static final String ENDED_PREFIX = "crm:call-ended:";
    /** who handed a call on (a transfer), for a day */
    private static final String HANDED_PREFIX = "crm:call-handed-over:";
    private static final String TTL_SECONDS = String.valueOf(12 * 3600);

    /* Every script: KEYS[1] the agent's entry, KEYS[2] the call's end mark. */

    /** Any call ringing the agent becomes what their screen shows, unless it ended. ARGV: callId, call, since, ttl. */
    private static final String RANG = """
            if redis.call('EXISTS', KEYS[2]) == 1 then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'callId', ARGV[1], 'call', ARGV[2], 'phase', 'RINGING', 'since', ARGV[3])
            redis.call('EXPIRE', KEYS[1], ARGV[4])
            return 1""";

    /** The ringing stops: gone, if the screen still shows this call ringing. ARGV: callId. */
    private static final String RING_STOPPED = """
            if redis.call('HGET', KEYS[1], 'callId') == ARGV[1] and redis.call('HGET', KEYS[1], 'phase') == 'RINGING' then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";

    /** Answered: talking, if the screen shows this call; else returns what it shows (nothing: false). ARGV: callId, since, ttl. */
    private static final String ANSWERED = """
            if redis.call('EXISTS', KEYS[2]) == 1 then
              return 'set'
            end
            local shown = redis.call('HGET', KEYS[1], 'callId')
            if shown == ARGV[1] then
              redis.call('HSET', KEYS[1], 'phase', 'TALKING', 'since', ARGV[2])
              redis.call('EXPIRE', KEYS[1], ARGV[3])
              return 'set'
            end
            return shown""";

    /** Answered without having rung here: talking, unless another call took the screen meanwhile. ARGV: callId, call, since, ttl, shown before ('' for nothing). */
    private static final String ANSWERED_UNRUNG = """
            local shown = redis.call('HGET', KEYS[1], 'callId')
            if (shown or '') ~= ARGV[5] or redis.call('EXISTS', KEYS[2]) == 1 then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'callId', ARGV[1], 'call', ARGV[2], 'phase', 'TALKING', 'since', ARGV[3])
            redis.call('EXPIRE', KEYS[1], ARGV[4])
            return 1""";

    /** Ended: marked so, and waiting for the wrap-up if the screen shows this call (again: no change). ARGV: callId, since, ttl. */
    private static final String ENDED = """
            redis.call('SET', KEYS[2], '1', 'EX', 3600)
            if redis.call('HGET', KEYS[1], 'callId') == ARGV[1] and redis.call('HGET', KEYS[1], 'phase') ~= 'WRAP_UP' then
              redis.call('HSET', KEYS[1], 'phase', 'WRAP_UP', 'since', ARGV[2])
              redis.call('EXPIRE', KEYS[1], ARGV[3])
              return 1
            end
            return 0""";

    /** Wrapped up: gone, if the screen still shows this call. ARGV: callId. */
    private static final String CLEAR = """
            if redis.call('HGET', KEYS[1], 'callId') == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";

    /** Ended with nothing to wrap up (a call between colleagues): marked so, and gone if the screen shows it. ARGV: callId. */
    private static final String ENDED_CLEARED = """
            redis.call('SET', KEYS[2], '1', 'EX', 3600)
            if redis.call('HGET', KEYS[1], 'callId') == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";

    private final JedisPooled redis;
    private final ObjectMapper json;

    AgentLiveCalls(JedisPooled redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    Optional<LiveCall> of(String agent) {
        try {
            Map<String, String> entry = redis.hgetAll(PREFIX + agent);
            if (entry.isEmpty() || entry.get("call") == null) {
                return Optional.empty();
            }
            return Optional.of(new LiveCall(json.readValue(entry.get("call"), CallEvent.CallRang.class),
                    LiveCall.Phase.valueOf(entry.get("phase")), Instant.parse(entry.get("since"))));
        } catch (Exception e) {
            log.warn("Could not read the live call of {}: {}", agent, e.toString());
            return Optional.empty();
        }
    }

    /** Whether the agent handed this call on (transferred it) before it ended. */
    boolean handedOver(String agent, long callId) {
        return redis.exists(HANDED_PREFIX + callId + ":" + agent);
    }

    /** Forgets the agent's live call if it is still this call (a newer call is left alone). */
    void clear(String agent, long callId) {
        clear(agent, String.valueOf(callId));
    }

    /**
     * The call ended with nothing to wrap up: off the agent's screen if shown, and marked ended so that no later
     * event of it (an answer announced after the end came through the outbox) brings it back.
     */
    void endedWithoutWrapUp(String agent, long callId) {
        run(ENDED_CLEARED, agent, String.valueOf(callId));
    }

    private void clear(String agent, String callId) {
        run(CLEAR, agent, callId);
    }

    /** Applies a call event to the agent it concerns. */
    void apply(CallEvent event, Supplier<CallEvent.CallRang> described) {
        String agent = event.agent();
        if (agent == null) {
            return;
        }
        String callId = String.valueOf(event.callId());
        if (event instanceof CallEvent.CallRang rang) {
            run(RANG, agent, callId, write(rang), rang.ringingAt().toString(), TTL_SECONDS);
        } else if (event instanceof CallEvent.CallRingStopped) {
            run(RING_STOPPED, agent, callId);
        } else if (event instanceof CallEvent.CallAnswered answered) {
            Object shown = run(ANSWERED, agent, callId, answered.at().toString(), TTL_SECONDS);
            if (!"set".equals(shown)) {
                run(ANSWERED_UNRUNG, agent, callId, write(described.get()), answered.at().toString(), TTL_SECONDS,
                        shown == null ? "" : shown.toString());
            }
        } else if (event instanceof CallEvent.CallEnded ended) {
            run(ENDED, agent, callId, ended.at().toString(), TTL_SECONDS);
        } else if (event instanceof CallEvent.CallHandedOver) {
            redis.setex(HANDED_PREFIX + callId + ":" + agent, 24 * 3600L, "1");
            clear(agent, callId);
        }
    }

    private Object run(String script, String agent, String callId, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(callId));
        args.addAll(List.of(more));
        return redis.eval(script, List.of(PREFIX + agent, ENDED_PREFIX + callId), args);
    }

    private String write(CallEvent.CallRang call) {
        try {
            return json.writeValueAsString(call);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
