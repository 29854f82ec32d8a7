package io.callcenter.crm.telephony;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.agents.AgentTime;
import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import redis.clients.jedis.JedisPooled;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether an agent takes calls: available, or paused with a reason (paused in every Asterisk queue with
 * AMI QueuePause, so the PBX stops ringing them). "On call" and "wrap-up" follow from their live call.
 * Kept in Redis so every node shows the same, and recorded with its times for the KPIs ({@link AgentTime}).
 * A pause made on the PBX itself (a phone's feature code, another AMI client) arrives as QueueMemberPause
 * and counts the same.
 */
@Component
public class AgentStatus {

    public enum Availability {
        AVAILABLE, PAUSED
    }

    public record Status(Availability availability, String reason, Instant since) {
    }

    /** The outcome of a change: done, or refused with the reason (e.g. Asterisk's own words). */
    public record Change(boolean ok, String message) {
    }

    private static final String PREFIX = "crm:agent-status:";

    private static final Logger log = LoggerFactory.getLogger(AgentStatus.class);

    private final JedisPooled redis;
    private final ObjectMapper json;
    private final Users users;
    private final Pbx pbx;
    private final AgentChannels channels;
    private final AgentTime time;
    private final CallEventPublisher bus;
    private final Clock clock;

    AgentStatus(JedisPooled redis, ObjectMapper json, Users users, Pbx pbx, AgentChannels channels, AgentTime time,
                Optional<Clock> clock, CallEventPublisher bus) {
        this.bus = bus;
        this.redis = redis;
        this.json = json;
        this.users = users;
        this.pbx = pbx;
        this.channels = channels;
        this.time = time;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public Status of(String username) {
        try {
            String value = redis.get(PREFIX + username);
            return value == null ? new Status(Availability.AVAILABLE, null, null) : json.readValue(value, Status.class);
        } catch (Exception e) {
            return new Status(Availability.AVAILABLE, null, null);
        }
    }

    public Change pause(String username, String reason) {
        return change(username, true, reason == null || reason.isBlank() ? "Break" : reason.strip());
    }

    public Change resume(String username) {
        return change(username, false, null);
    }

    private Change change(String username, boolean paused, String reason) {
        Optional<UserAccount> user = users.findByUsername(username);
        if (user.isEmpty() || user.get().extension() == null) {
            return new Change(false, "you have no phone extension to pause");
        }
        // the change counts from when it was asked for: the PBX's events of an earlier change, which Asterisk
        // sends after its answer to that change (R04), may still be on their way and must not undo this one
        Instant asked = clock.instant();
        Pbx.Reply reply = pbx.queuePause(channels.dialString(user.get().extension()), paused, reason);
        if (!reply.ok() && pbx.connected()) {
            return new Change(false, "Asterisk refused: " + reply.message());
        }
        try {
            save(username, paused, reason, asked);
        } catch (Exception e) {
            return new Change(false, "could not save the status: " + e.getMessage());
        }
        return new Change(true, reply.ok() ? reply.message() : "saved; the PBX is not connected and will not know until it is");
    }

    /**
     * The PBX says the member behind {@code memberInterface} was paused or unpaused at {@code at}
     * (QueueMemberPause). A member that is no agent's phone is left alone, and so is a change that happened
     * before the agent's status was last set: Asterisk answers a QueuePause before it sends the events of the
     * pause (R04), so those of a pause can arrive after the console already resumed the agent.
     */
    public void pbxPaused(String memberInterface, boolean paused, String reason, Instant at) {
        Optional<UserAccount> user = channels.extensionOf(memberInterface).flatMap(users::findByExtension);
        if (user.isEmpty()) {
            return;
        }
        Status now = of(user.get().username());
        if (now.since() != null && at.isBefore(now.since())) {
            log.debug("Asterisk's {} of {} at {} is older than their status since {}; left alone",
                    paused ? "pause" : "unpause", memberInterface, at, now.since());
            return;
        }
        boolean same = paused ? now.availability() == Availability.PAUSED && java.util.Objects.equals(now.reason(), reason)
                : now.availability() == Availability.AVAILABLE;
        if (same) {
            // the console's own change coming back, or the same pause in another queue
            recordTime(user.get().username(), paused, reason, at);
            return;
        }
        try {
            save(user.get().username(), paused, reason, at);
        } catch (Exception e) {
            throw new IllegalStateException("could not save " + user.get().username() + "'s status from the PBX", e);
        }
    }

    private void save(String username, boolean paused, String reason, Instant at) throws Exception {
        redis.set(PREFIX + username, json.writeValueAsString(new Status(paused ? Availability.PAUSED : Availability.AVAILABLE,
                reason, at)));
        try {
            bus.publish(new CallEvent.AgentAvailability(0, username, paused, reason));
        } catch (RuntimeException e) {
            // the status stands; consoles show it at their next change
        }
        recordTime(username, paused, reason, at);
    }

    /** The change with its time, for the KPIs (idempotent: the same change again changes nothing). */
    private void recordTime(String username, boolean paused, String reason, Instant at) {
        if (paused) {
            time.paused(username, reason, at);
        } else {
            time.resumed(username, at);
        }
    }
}
