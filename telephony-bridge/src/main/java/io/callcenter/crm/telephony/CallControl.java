package io.callcenter.crm.telephony;

import io.callcenter.crm.agents.Role;
import io.callcenter.crm.agents.UserAccount;
import io.callcenter.crm.agents.Users;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.contacts.PhoneNumbers;
import io.callcenter.crm.telephony.screenpop.ScreenPops;
import org.springframework.stereotype.Service;

import java.time.Clock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's control of their live call from the console, through AMI: hang up, transfer it (blind to an agent,
 * a queue or a number; attended to an agent, completed when the agent leaves the consultation), hold it in a
 * parking space and pick it up again. Only the agent on the call, while it is answered and not over; the PBX's
 * events then tell the call's story as for any call.
 */
@Service
public class CallControl {

    /** Done, or why not in words for the agent. */
    public record Result(boolean ok, String message) {
    }

    /** Somewhere a call can be transferred to: what the agent reads, and the extension the PBX dials. */
    public sealed interface Target permits AgentTarget, QueueTarget, NumberTarget {
        String label();

        String extension();
    }

    /** Another agent's phone; {@code paused} tells the agent choosing that this one is not taking calls now. */
    public record AgentTarget(String username, String label, String extension, boolean paused) implements Target {
    }

    /** A queue: the caller waits there for the next free agent. */
    public record QueueTarget(String queue, String extension) implements Target {
        @Override
        public String label() {
            return "Queue " + queue;
        }
    }

    /** A number outside, dialled through the carrier in E.164. */
    public record NumberTarget(String label, String extension) implements Target {
    }

    private final CallLog callLog;
    private final Pbx pbx;
    private final Users users;
    private final AgentStatus agentStatus;
    private final PhoneNumbers phoneNumbers;
    private final AgentChannels agentChannels;
    private final AmiProperties properties;
    private final ScreenPops screenPops;
    private final Clock clock;

    CallControl(CallLog callLog, Pbx pbx, Users users, AgentStatus agentStatus, PhoneNumbers phoneNumbers,
                AgentChannels agentChannels, AmiProperties properties, ScreenPops screenPops, Optional<Clock> clock) {
        this.screenPops = screenPops;
        this.clock = clock.orElse(Clock.systemUTC());
        this.callLog = callLog;
        this.pbx = pbx;
        this.users = users;
        this.agentStatus = agentStatus;
        this.phoneNumbers = phoneNumbers;
        this.agentChannels = agentChannels;
        this.properties = properties;
    }

    /** The agent's phone leaves the call, as hanging up the handset does: the caller is hung up too. */
    public Result hangUp(String username, long callId) {
        Mine mine = mine(username, callId, "only the agent on the call hangs it up from here");
        if (mine.refusal != null) {
            return new Result(false, mine.refusal);
        }
        return done(pbx.hangup(mine.pbxKey, mine.extension), "Hanging up", "the PBX did not hang up");
    }

    /** The other agents (with their phones) and the queues the agent may transfer to, agents first by name. */
    public List<Target> transferTargets(String username) {
        List<Target> targets = new ArrayList<>();
        users.list(0, 500).stream()
                .filter(u -> u.enabled() && u.extension() != null && u.has(Role.AGENT) && !u.username().equals(username))
                .sorted(Comparator.comparing(UserAccount::displayName, String.CASE_INSENSITIVE_ORDER))
                .forEach(u -> targets.add(new AgentTarget(u.username(), label(u, u.extension()),
                        u.extension(), agentStatus.of(u.username()).availability() == AgentStatus.Availability.PAUSED)));
        properties.transferQueues().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(q -> targets.add(new QueueTarget(q.getKey(), q.getValue())));
        return targets;
    }

    /** A number typed by the agent as a transfer target, or why it is none. */
    public Optional<Target> numberTarget(String written, StringBuilder why) {
        PhoneNumbers.Normalized normalized = phoneNumbers.normalize(written);
        if (normalized instanceof PhoneNumbers.Rejected rejected) {
            why.append("'").append(written).append("' ").append(rejected.reason());
            return Optional.empty();
        }
        var number = ((PhoneNumbers.Valid) normalized).number();
        return Optional.of(new NumberTarget(phoneNumbers.format(number), number.e164()));
    }

    /** Blind transfer: the caller goes to the target at once and the agent's phone is free. */
    public Result transfer(String username, long callId, Target target) {
        Mine mine = mine(username, callId, "only the agent on the call transfers it");
        if (mine.refusal != null) {
            return new Result(false, mine.refusal);
        }
        if (target instanceof AgentTarget agent && agent.extension().equals(mine.extension)) {
            return new Result(false, "that is your own phone");
        }
        Result result = done(pbx.blindTransfer(mine.pbxKey, mine.extension, target.extension()),
                "Transferred to " + target.label(), "the PBX did not transfer the call");
        if (result.ok()) {
            screenPops.handedOver(username, callId, target.label(), clock.instant());
        }
        return result;
    }

    /**
     * Attended transfer to another agent: the caller waits on hold while the agent's phone calls the colleague;
     * {@link #completeTransfer} then joins them. Only to agents: the PBX dials the target with DTMF digits, which
     * an E.164 number's '+' is not.
     */
    public Result consult(String username, long callId, AgentTarget target) {
        Mine mine = mine(username, callId, "only the agent on the call transfers it");
        if (mine.refusal != null) {
            return new Result(false, mine.refusal);
        }
        if (target.extension().equals(mine.extension)) {
            return new Result(false, "that is your own phone");
        }
        return done(pbx.attendedTransfer(mine.pbxKey, mine.extension, target.extension()),
                "Calling " + target.label() + "; the caller is on hold", "the PBX did not start the transfer");
    }

    /** Completes an attended transfer: the agent's phone leaves, and the caller talks with the one consulted. */
    public Result completeTransfer(String username, long callId) {
        Mine mine = mine(username, callId, "only the agent on the call transfers it");
        if (mine.refusal != null) {
            return new Result(false, mine.refusal);
        }
        return done(pbx.hangup(mine.pbxKey, mine.extension), "Transferred", "the PBX did not complete the transfer");
    }

    /** Cancels an attended transfer: the colleague's phone is hung up and the agent talks with the caller again. */
    public Result cancelTransfer(String username, long callId) {
        Mine mine = mine(username, callId, "only the agent on the call transfers it");
        if (mine.refusal != null) {
            return new Result(false, mine.refusal);
        }
        return done(pbx.cancelAttendedTransfer(mine.pbxKey, mine.extension), "Back with the caller",
                "the PBX did not cancel the transfer");
    }

    /**
     * Holds the call: the caller waits in a parking space with music and the agent's phone hangs up; after
     * {@code crm.ami.hold-timeout} the PBX rings the agent's phone with the caller again.
     */
    public Result hold(String username, long callId) {
        Mine mine = mine(username, callId, "only the agent on the call puts it on hold");
        if (mine.refusal != null) {
            return new Result(false, mine.refusal);
        }
        return done(pbx.park(mine.pbxKey, mine.extension, properties.holdTimeout()), "On hold",
                "the PBX did not hold the call");
    }

    /**
     * The agent's live call as the desk shows it: the parking space its caller waits in while on hold, and the
     * colleague (named as everywhere, see {@link #colleague}) the agent consults for an attended transfer.
     * Nothing for a call that is not the agent's.
     */
    public record Live(Optional<String> heldAt, Optional<String> consulting) {
    }

    public Live live(String username, long callId) {
        Mine mine = mine(username, callId, "not theirs");
        if (mine.refusal != null) {
            return new Live(Optional.empty(), Optional.empty());
        }
        Pbx.LiveCall now = pbx.liveCall(mine.pbxKey, mine.extension);
        return new Live(now.parkedSpace(), now.consulting().map(this::colleague));
    }

    /** A colleague as the desk names them, from their extension: "Alice Agent (1001)", or "Extension 1009" for a phone no one has. */
    public String colleague(String extension) {
        return users.findByExtension(extension).map(u -> label(u, extension)).orElse("Extension " + extension);
    }

    private static String label(UserAccount user, String extension) {
        return user.displayName() + " (" + extension + ")";
    }

    /** Takes the call off hold: the agent's phone rings and, answered, talks with the caller again. */
    public Result pickUp(String username, long callId) {
        Mine mine = mine(username, callId, "only the agent on the call picks it up");
        if (mine.refusal != null) {
            return new Result(false, mine.refusal);
        }
        Optional<String> space = pbx.liveCall(mine.pbxKey, null).parkedSpace();
        if (space.isEmpty()) {
            return new Result(false, "the call is not on hold");
        }
        return done(pbx.retrieveParked(agentChannels.dialString(mine.extension), space.get(), "\"Held call\" <" + space.get() + ">"),
                "Your phone rings with the caller", "the PBX did not pick the call up");
    }

    private record Mine(String pbxKey, String extension, String refusal) {
    }

    private Mine mine(String username, long callId, String notTheirs) {
        AgentsLiveCall call = AgentsLiveCall.of(callLog, username, callId, notTheirs);
        if (call.refusal() != null) {
            return new Mine(null, null, call.refusal());
        }
        String extension = users.findByUsername(username).map(UserAccount::extension).orElse(null);
        if (extension == null) {
            return new Mine(null, null, "you have no phone extension");
        }
        return new Mine(call.pbxKey(), extension, null);
    }

    private static Result done(Pbx.Reply reply, String ok, String refused) {
        return reply.ok() ? new Result(true, ok) : new Result(false, refused + ": " + reply.message());
    }
}
