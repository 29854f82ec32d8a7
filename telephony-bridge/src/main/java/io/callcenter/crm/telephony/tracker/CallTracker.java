package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.telephony.AgentChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Correlates Asterisk channels into calls and decides what happened to each: who rang, who answered,
 * who owns it after a transfer, how it ended. Plain Java, fed one {@link AmiEvent} at a time from a
 * single thread; it tells the outside world through {@link CallUpdate}s.
 *
 * <p>A call is keyed by the Linkedid its channels share (for a click-to-call, the ChannelId we chose).
 * An agent is any channel whose device ({@link AgentChannels}) has the extension of a known agent;
 * every other channel is the remote party.
 */
public final class CallTracker {

    private static final Logger log = LoggerFactory.getLogger(CallTracker.class);
    private static final Set<String> IGNORED = Set.of("newexten", "devicestatechange",
            "queuememberstatus", "musiconholdstart", "musiconholdstop", "newconnectedline", "dialstate", "cdr",
            "rtcpsent", "rtcpreceived", "successfulauth", "fullybooted", "localbridge", "bridgecreate",
            "bridgedestroy", "softhanguprequest", "mixmonitorstart", "mixmonitorstop", "agentcomplete",
            "queuememberadded", "queuememberremoved", "queuememberpause", "queuememberpenalty",
            "queuememberringinuse", "coreshowchannelscomplete", "newaccountcode", "hold", "unhold",
            "dtmfbegin", "dtmfend", "peerstatus", "contactstatus", "registry", "dial", "blindtransfer",
            "challengesent", "invalidpassword", "failedacl", "reload", "loadaverage");

    private final AgentChannels agentChannels;
    private final Predicate<String> isAgentExtension;
    private final Consumer<CallUpdate> sink;

    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Set<String>> bridges = new HashMap<>();
    private final Map<String, Long> skipped = new ConcurrentHashMap<>();
    /** the time of the event being applied, by the PBX's clock */
    private Instant now = Instant.EPOCH;

    public CallTracker(AgentChannels agentChannels, Predicate<String> isAgentExtension, Consumer<CallUpdate> sink) {
        this.agentChannels = agentChannels;
        this.isAgentExtension = isAgentExtension;
        this.sink = sink;
    }

    // ---------------------------------------------------------------------------------------------
    // state

    private static final class Channel {
        final String uniqueid;
        String linkedid;
        final String name;
        final String agentExtension;
        String callerNum;
        String callerName;
        String exten;
        String bridge;

        Channel(String uniqueid, String linkedid, String name, String agentExtension) {
            this.uniqueid = uniqueid;
            this.linkedid = linkedid;
            this.name = name;
            this.agentExtension = agentExtension;
        }

        boolean isAgent() {
            return agentExtension != null;
        }
    }

    private static final class Call {
        final String key;
        final Instant startedAt;
        final Set<String> channels = new LinkedHashSet<>();
        final Set<String> ringing = new LinkedHashSet<>();
        CallDirection direction;
        boolean rootIsAgent;
        String remoteNumber;
        String remoteName;
        String localNumber;
        String agent;
        String queue;
        Instant answeredAt;
        Instant endedAt;
        String lastRang;
        String recordingFile;
        boolean published;
        boolean abandoned;
        boolean missedEvidence;
        String dialFailure;
        boolean originateRefused;

        Call(String key, Instant startedAt) {
            this.key = key;
            this.startedAt = startedAt;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // events

    /** Applies one event. Never throws on bad input: what cannot be used is logged and skipped. */
    public void handle(AmiEvent event) {
        try {
            now = event.time();
            dispatch(event);
        } catch (RuntimeException e) {
            log.warn("Skipped an AMI event the tracker could not apply ({}): {}", e.toString(), event);
        }
    }

    private void dispatch(AmiEvent e) {
        switch (e.name()) {
            case "newchannel" -> newChannel(e);
            case "newcallerid" -> newCallerId(e);
            case "newstate" -> touchChannel(e);
            case "queuecallerjoin" -> queueJoin(e);
            case "agentcalled" -> agentCalled(e);
            case "dialbegin" -> dialBegin(e);
            case "dialend" -> dialEnd(e);
            case "agentringnoanswer" -> agentRingNoAnswer(e);
            case "agentconnect" -> agentConnect(e);
            case "queuecallerabandon" -> callOf(e).ifPresent(c -> c.abandoned = true);
            case "queuecallerleave" -> callOf(e).ifPresent(c -> {
                if (c.answeredAt == null) {
                    c.missedEvidence = true;
                }
            });
            case "bridgeenter" -> bridgeEnter(e);
            case "bridgeleave" -> bridgeLeave(e);
            case "pickup" -> pickup(e);
            case "attendedtransfer" -> attendedTransfer(e);
            case "varset" -> varSet(e);
            case "hanguprequest" -> hangupRequest(e);
            case "hangup" -> hangup(e);
            case "originateresponse" -> originateResponse(e);
            default -> {
                if (!IGNORED.contains(e.name()) && skipped.merge(e.name(), 1L, Long::sum) == 1) {
                    log.info("AMI event '{}' is not used by the call tracker; further ones are skipped silently", e.name());
                }
            }
        }
    }

    private void newChannel(AmiEvent e) {
        String uniqueid = e.get("uniqueid");
        String name = e.get("channel");
        if (uniqueid == null || name == null) {
            log.info("Skipped a Newchannel without Uniqueid or Channel: {}", e);
            return;
        }
        String linkedid = Objects.requireNonNullElse(e.get("linkedid"), uniqueid);
        Channel channel = new Channel(uniqueid, linkedid, name, agentExtension(name));
        channel.callerNum = e.get("calleridnum");
        channel.callerName = e.get("calleridname");
        channel.exten = e.get("exten");
        channels.put(uniqueid, channel);
        Call call = calls.computeIfAbsent(linkedid, k -> new Call(k, e.time()));
        call.channels.add(uniqueid);
        if (uniqueid.equals(linkedid)) {
            startFrom(call, channel);
        }
    }

    private void newCallerId(AmiEvent e) {
        Channel channel = touchChannel(e);
        if (channel == null || channel.isAgent()) {
            return;
        }
        Call call = calls.get(channel.linkedid);
        if (call != null && call.direction == CallDirection.INBOUND && !call.published && DialString.number(channel.callerNum) != null) {
            call.remoteNumber = DialString.number(channel.callerNum);
            call.remoteName = channel.callerName;
        }
    }

    /** Keeps a channel's caller id and extension current; returns it, or null for a channel never seen. */
    private Channel touchChannel(AmiEvent e) {
        Channel channel = channel(e.get("uniqueid"));
        if (channel == null) {
            return null;
        }
        if (e.has("calleridnum")) {
            channel.callerNum = e.get("calleridnum");
        }
        if (e.has("calleridname")) {
            channel.callerName = e.get("calleridname");
        }
        if (e.has("exten")) {
            channel.exten = e.get("exten");
        }
        return channel;
    }

    private void queueJoin(AmiEvent e) {
        Channel caller = touchChannel(e);
        Call call = callOf(e).orElse(null);
        if (call == null) {
            return;
        }
        call.queue = e.get("queue");
        if (caller != null && !caller.isAgent()) {
            rememberRemote(call, caller);
            if (call.localNumber == null && DialString.isNumber(caller.exten)) {
                call.localNumber = caller.exten;
            }
        }
        publishStart(call, e.time());
    }

    private void agentCalled(AmiEvent e) {
        Channel caller = touchChannel(e);
        Call call = callOf(e).orElse(null);
        String ext = firstNonNull(agentExtension(e.get("destchannel")), agentExtension(e.get("interface")));
        if (call == null || ext == null) {
            return;
        }
        if (call.queue == null) {
            call.queue = e.get("queue");
        }
        if (caller != null && !caller.isAgent()) {
            rememberRemote(call, caller);
        }
        startRinging(call, ext, e.time());
    }

    private void dialBegin(AmiEvent e) {
        String destName = e.get("destchannel");
        String destExt = agentExtension(destName);
        Channel source = touchChannel(e);
        if (source == null) {
            // the first leg of an Originate has no calling channel: the agent's own phone ringing for a
            // click-to-call is not an incoming call to pop
            return;
        }
        Call call = calls.get(source.linkedid);
        if (call == null) {
            return;
        }
        if (!source.isAgent()) {
            if (destExt != null) {
                if (call.direction == null) {
                    call.direction = CallDirection.INBOUND;
                }
                rememberRemote(call, source);
                startRinging(call, destExt, e.time());
            }
            return;
        }
        if (destExt != null && destExt.equals(source.agentExtension)) {
            return; // a local queue-member half dialing the same agent's phone
        }
        if (call.direction == null || call.direction != CallDirection.INBOUND) {
            if (destExt != null) {
                call.direction = CallDirection.INTERNAL;
                call.agent = source.agentExtension;
                call.remoteNumber = destExt;
                call.remoteName = e.get("destcalleridname");
                publishStart(call, e.time());
                startRinging(call, destExt, e.time());
            } else if (call.rootIsAgent) {
                call.direction = CallDirection.OUTBOUND;
                call.agent = source.agentExtension;
                call.remoteNumber = firstNonNull(DialString.number(source.exten), DialString.number(e.get("destcalleridnum")),
                        DialString.dialedNumber(e.get("dialstring")));
                if (call.remoteNumber != null) {
                    publishStart(call, e.time());
                }
            }
        } else if (destExt != null) {
            // an agent in an inbound call dials a colleague: a blind transfer's new leg rings
            startRinging(call, destExt, e.time());
        }
    }

    private void dialEnd(AmiEvent e) {
        String status = Objects.requireNonNullElse(e.get("dialstatus"), "");
        String destExt = agentExtension(e.get("destchannel"));
        Channel source = channel(e.get("uniqueid"));
        if (source == null) {
            // the first leg of an Originate (the agent's own phone for a click-to-call): its failure ends the
            // call with the OriginateResponse
            return;
        }
        Call call = calls.get(source.linkedid);
        if (call == null) {
            return;
        }
        if ("ANSWER".equals(status)) {
            if (!source.isAgent() && destExt != null) {
                answer(call, destExt, e.time());
            } else if (source.isAgent() && (destExt == null || !destExt.equals(source.agentExtension))) {
                if (call.direction == CallDirection.INBOUND && destExt != null) {
                    answer(call, destExt, e.time());
                } else {
                    answer(call, call.agent != null ? call.agent : source.agentExtension, e.time());
                }
            }
            return;
        }
        if (destExt != null && call.ringing.remove(destExt)) {
            call.lastRang = destExt;
            emit(call, CallUpdate.Change.RING_STOPPED, destExt);
        }
        if (call.answeredAt == null && !"CANCEL".equals(status)) {
            call.dialFailure = status;
            if (call.direction == CallDirection.INBOUND) {
                call.missedEvidence = true;
            }
        }
    }

    private void agentRingNoAnswer(AmiEvent e) {
        Call call = callOf(e).orElse(null);
        String ext = firstNonNull(agentExtension(e.get("destchannel")), agentExtension(e.get("interface")));
        if (call != null && ext != null && call.ringing.remove(ext)) {
            call.lastRang = ext;
            emit(call, CallUpdate.Change.RING_STOPPED, ext);
        }
    }

    private void agentConnect(AmiEvent e) {
        Call call = callOf(e).orElse(null);
        String ext = firstNonNull(agentExtension(e.get("destchannel")), agentExtension(e.get("interface")));
        if (call != null && ext != null) {
            answer(call, ext, e.time());
        }
    }

    private void pickup(AmiEvent e) {
        Channel picker = channel(e.get("uniqueid"));
        Channel target = channel(e.get("targetuniqueid"));
        if (picker == null || target == null || !picker.isAgent()) {
            return;
        }
        Call call = calls.get(target.linkedid);
        if (call != null) {
            Call own = calls.get(picker.linkedid);
            if (own != null && own != call && !own.published) {
                calls.remove(own.key); // the pickup code the agent dialed is not a call of its own
            }
            moveChannel(picker, call);
            answer(call, picker.agentExtension, e.time());
        }
    }

    private void bridgeEnter(AmiEvent e) {
        String bridge = e.get("bridgeuniqueid");
        Channel entering = touchChannel(e);
        if (bridge == null || entering == null) {
            return;
        }
        if (!bridge.equals(entering.bridge)) {
            leaveBridge(entering);
        }
        entering.bridge = bridge;
        Set<String> members = bridges.computeIfAbsent(bridge, b -> new LinkedHashSet<>());
        members.add(entering.uniqueid);
        // whoever talks with a remote party owns that party's call
        Channel agent = null;
        Channel remote = null;
        for (String id : members) {
            Channel c = channels.get(id);
            if (c == null) {
                continue;
            }
            if (c.isAgent()) {
                agent = agent == null || c == entering ? c : agent;
            } else {
                remote = remote == null || c == entering ? c : remote;
            }
        }
        if (agent == null || remote == null) {
            return;
        }
        Call call = calls.get(remote.linkedid);
        if (call == null || call.direction == CallDirection.INTERNAL) {
            return;
        }
        if (call.direction == CallDirection.OUTBOUND && call.answeredAt == null) {
            answer(call, call.agent, e.time());
        } else if (call.direction == CallDirection.INBOUND) {
            answer(call, agent.agentExtension, e.time());
        }
    }

    private void bridgeLeave(AmiEvent e) {
        Channel leaving = channel(e.get("uniqueid"));
        if (leaving != null) {
            leaveBridge(leaving);
        }
    }

    /** After an attended transfer the consultation call is over; its remaining channels join the caller's call. */
    private void attendedTransfer(AmiEvent e) {
        if (!"Success".equalsIgnoreCase(Objects.requireNonNullElse(e.get("result"), "Success"))) {
            return;
        }
        String firstCall = linkedIdOf(e.get("origtransfererlinkedid"), e.get("origtransfereruniqueid"));
        String consultCall = linkedIdOf(e.get("secondtransfererlinkedid"), e.get("secondtransfereruniqueid"));
        if (firstCall == null || consultCall == null || firstCall.equals(consultCall)) {
            return;
        }
        Call main = calls.get(firstCall);
        Call consult = calls.get(consultCall);
        if (main == null || consult == null) {
            return;
        }
        for (String id : List.copyOf(consult.channels)) {
            Channel c = channels.get(id);
            if (c != null && c.isAgent() && !Objects.equals(c.agentExtension, consult.agent)) {
                moveChannel(c, main);
            }
        }
        end(consult, e.time());
    }

    private void varSet(AmiEvent e) {
        if ("MIXMONITOR_FILENAME".equalsIgnoreCase(Objects.requireNonNullElse(e.get("variable"), ""))) {
            callOf(e).ifPresent(c -> c.recordingFile = e.get("value"));
        }
    }

    private void hangupRequest(AmiEvent e) {
        touchChannel(e);
    }

    private void hangup(AmiEvent e) {
        Channel channel = forget(Objects.requireNonNullElse(e.get("uniqueid"), ""));
        if (channel == null) {
            return;
        }
        Call call = calls.get(channel.linkedid);
        if (call == null) {
            return;
        }
        call.channels.remove(channel.uniqueid);
        if (channel.isAgent() && call.ringing.remove(channel.agentExtension)) {
            call.lastRang = channel.agentExtension;
            emit(call, CallUpdate.Change.RING_STOPPED, channel.agentExtension);
        }
        if (call.channels.isEmpty()) {
            end(call, e.time());
        }
    }

    private void originateResponse(AmiEvent e) {
        if ("Success".equalsIgnoreCase(Objects.requireNonNullElse(e.get("response"), ""))) {
            return;
        }
        String key = e.get("uniqueid");
        if (key == null) {
            return;
        }
        Call call = calls.get(key);
        if (call == null) {
            call = new Call(key, e.time());
            call.rootIsAgent = true;
            calls.put(key, call);
        }
        call.direction = CallDirection.OUTBOUND;
        call.originateRefused = true;
        call.published = true; // the click-to-call already has its record
        end(call, e.time());
    }

    // ---------------------------------------------------------------------------------------------
    // resynchronisation

    /** A call that was open when we lost sight of the PBX (from our records). */
    public record OpenCall(CallSnapshot snapshot) {
    }

    /**
     * Rebuilds the picture after (re)connecting: {@code liveChannels} are the CoreShowChannel events the
     * PBX listed; {@code knownOpen} are the calls our records still hold open. Calls whose channels are
     * gone are ended now; live calls we did not know are adopted, keeping what our records know of them.
     */
    public void resync(Collection<AmiEvent> liveChannels, Collection<OpenCall> knownOpen, Instant now) {
        this.now = now;
        Map<String, List<AmiEvent>> byCall = new HashMap<>();
        for (AmiEvent c : liveChannels) {
            String uniqueid = c.get("uniqueid");
            if (uniqueid != null) {
                byCall.computeIfAbsent(Objects.requireNonNullElse(c.get("linkedid"), uniqueid), k -> new ArrayList<>()).add(c);
            }
        }
        // our in-memory calls whose channels vanished while we were away
        for (Call call : List.copyOf(calls.values())) {
            List<AmiEvent> live = byCall.get(call.key);
            Set<String> liveIds = new HashSet<>();
            if (live != null) {
                live.forEach(c -> liveIds.add(c.get("uniqueid")));
            }
            for (String id : List.copyOf(call.channels)) {
                if (!liveIds.contains(id)) {
                    call.channels.remove(id);
                    forget(id);
                }
            }
            if (call.channels.isEmpty() && live == null) {
                call.published = call.published || call.direction != null;
                end(call, now);
            }
        }
        // calls our records hold open that the tracker does not know (the application restarted)
        for (OpenCall open : knownOpen) {
            CallSnapshot s = open.snapshot();
            if (calls.containsKey(s.pbxKey())) {
                continue;
            }
            Call call = new Call(s.pbxKey(), s.startedAt());
            call.direction = s.direction();
            call.remoteNumber = s.remoteNumber();
            call.remoteName = s.remoteName();
            call.localNumber = s.localNumber();
            call.agent = s.agentExtension();
            call.queue = s.queue();
            call.answeredAt = s.answeredAt();
            call.lastRang = s.lastRangExtension();
            call.recordingFile = s.recordingFile();
            call.published = true;
            call.rootIsAgent = s.direction() != CallDirection.INBOUND;
            calls.put(call.key, call);
            if (!byCall.containsKey(s.pbxKey())) {
                if (call.direction == CallDirection.INBOUND && call.answeredAt == null) {
                    call.missedEvidence = true; // we cannot tell whether the caller gave up; a call-back is owed either way
                }
                end(call, now);
            }
        }
        // live channels: adopt what we do not know yet
        for (Map.Entry<String, List<AmiEvent>> entry : byCall.entrySet()) {
            adopt(entry.getKey(), entry.getValue(), now);
        }
    }

    private void adopt(String key, List<AmiEvent> live, Instant now) {
        Call call = calls.get(key);
        boolean isNew = call == null;
        Instant started = now;
        for (AmiEvent c : live) {
            Duration age = parseDuration(c.get("duration"));
            if (age != null && now.minus(age).isBefore(started)) {
                started = now.minus(age);
            }
        }
        if (isNew) {
            call = new Call(key, started);
            calls.put(key, call);
        }
        Map<String, List<Channel>> byBridge = new HashMap<>();
        for (AmiEvent c : live) {
            String uniqueid = c.get("uniqueid");
            Channel channel = channels.get(uniqueid);
            if (channel == null) {
                channel = new Channel(uniqueid, key, c.get("channel"), agentExtension(c.get("channel")));
                channel.callerNum = c.get("calleridnum");
                channel.callerName = c.get("calleridname");
                channel.exten = c.get("exten");
                channels.put(uniqueid, channel);
            }
            call.channels.add(uniqueid);
            String bridge = c.get("bridgeid");
            if (bridge != null) {
                if (!bridge.equals(channel.bridge)) {
                    leaveBridge(channel);
                }
                channel.bridge = bridge;
                bridges.computeIfAbsent(bridge, b -> new LinkedHashSet<>()).add(uniqueid);
                byBridge.computeIfAbsent(bridge, b -> new ArrayList<>()).add(channel);
            }
            if (isNew && uniqueid.equals(key)) {
                startFrom(call, channel);
                if (!channel.isAgent() && "Queue".equalsIgnoreCase(c.get("application"))) {
                    call.queue = firstField(c.get("applicationdata"));
                }
            }
        }
        if (!isNew) {
            // a call we knew: whatever happened while we were away shows in its bridges now
            for (List<Channel> members : byBridge.values()) {
                Channel agent = members.stream().filter(Channel::isAgent).findFirst().orElse(null);
                boolean remote = members.stream().anyMatch(ch -> !ch.isAgent());
                if (agent != null && members.size() > 1 && (remote || call.direction == CallDirection.INTERNAL)) {
                    answer(call, call.direction == CallDirection.INBOUND ? agent.agentExtension : call.agent, now);
                }
            }
            return;
        }
        if (call.rootIsAgent && call.direction == null) {
            Channel other = live.stream().map(c -> channels.get(c.get("uniqueid"))).filter(Objects::nonNull)
                    .filter(ch -> !ch.uniqueid.equals(key)).findFirst().orElse(null);
            Channel root = channels.get(key);
            if (other != null && other.isAgent()) {
                call.direction = CallDirection.INTERNAL;
                call.remoteNumber = other.agentExtension;
            } else {
                call.direction = CallDirection.OUTBOUND;
                call.remoteNumber = root == null ? null : firstNonNull(DialString.number(root.exten), other == null ? null : DialString.number(other.callerNum));
            }
        }
        if (call.direction == null) {
            call.direction = CallDirection.INBOUND;
        }
        // bridged with an agent: answered (we do not know exactly when; the adoption time is the best we have)
        for (List<Channel> members : byBridge.values()) {
            Channel agent = members.stream().filter(Channel::isAgent).findFirst().orElse(null);
            boolean remote = members.stream().anyMatch(ch -> !ch.isAgent()) || call.direction == CallDirection.INTERNAL;
            if (agent != null && remote && members.size() > 1) {
                if (call.direction == CallDirection.INBOUND) {
                    call.agent = agent.agentExtension;
                }
                call.answeredAt = now;
            }
        }
        publishStart(call, now);
        if (call.answeredAt != null) {
            emit(call, CallUpdate.Change.ANSWERED, call.agent);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // transitions

    /** What a call's first channel tells: an agent's phone starts an outbound or internal call; anything else is a caller. */
    private void startFrom(Call call, Channel root) {
        if (root.isAgent()) {
            call.rootIsAgent = true;
            call.agent = root.agentExtension;
        } else {
            call.direction = CallDirection.INBOUND;
            call.remoteNumber = DialString.number(root.callerNum);
            call.remoteName = root.callerName;
            if (DialString.isNumber(root.exten)) {
                call.localNumber = root.exten;
            }
        }
    }

    private void rememberRemote(Call call, Channel caller) {
        if (!call.published && DialString.number(caller.callerNum) != null) {
            call.remoteNumber = DialString.number(caller.callerNum);
            call.remoteName = caller.callerName;
        }
    }

    private void publishStart(Call call, Instant at) {
        if (!call.published && call.direction != null) {
            call.published = true;
            emit(call, CallUpdate.Change.STARTED, null);
        }
    }

    private void startRinging(Call call, String ext, Instant at) {
        if (call.direction == null) {
            call.direction = CallDirection.INBOUND;
        }
        publishStart(call, at);
        call.lastRang = ext;
        if (call.answeredAt == null && call.ringing.add(ext)) {
            emit(call, CallUpdate.Change.RINGING, ext);
        } else if (call.answeredAt != null && !ext.equals(call.agent) && call.ringing.add(ext)) {
            emit(call, CallUpdate.Change.RINGING, ext); // a transfer rings a colleague
        }
    }

    private void answer(Call call, String ext, Instant at) {
        if (ext == null) {
            return;
        }
        if (call.direction == null) {
            call.direction = CallDirection.INBOUND;
        }
        publishStart(call, at);
        if (call.answeredAt == null) {
            call.answeredAt = at;
            if (call.direction == CallDirection.INBOUND || call.agent == null) {
                call.agent = ext;
            }
            call.ringing.remove(ext);
            for (String other : List.copyOf(call.ringing)) {
                call.ringing.remove(other);
                emit(call, CallUpdate.Change.RING_STOPPED, other);
            }
            emit(call, CallUpdate.Change.ANSWERED, ext);
        } else if (call.direction == CallDirection.INBOUND && !ext.equals(call.agent)) {
            call.ringing.remove(ext);
            call.agent = ext;
            emit(call, CallUpdate.Change.TRANSFERRED, ext);
        }
    }

    private void end(Call call, Instant at) {
        calls.remove(call.key);
        for (String id : call.channels) {
            forget(id);
        }
        if (call.endedAt != null) {
            return;
        }
        call.endedAt = at;
        for (String ext : List.copyOf(call.ringing)) {
            call.ringing.remove(ext);
            emit(call, CallUpdate.Change.RING_STOPPED, ext);
        }
        if (!call.published) {
            if (call.direction != CallDirection.INBOUND || call.remoteNumber == null) {
                return; // an agent's phone that never dialed out, a pickup code, a half-seen call: not a call record
            }
            call.published = true;
            emit(call, CallUpdate.Change.STARTED, null);
        }
        emit(call, CallUpdate.Change.ENDED, call.agent);
    }

    private static CallStatus status(Call call) {
        return CallOutcome.of(new CallOutcome.Seen(call.direction, call.answeredAt != null, call.endedAt != null,
                call.abandoned, call.missedEvidence, call.dialFailure, call.originateRefused));
    }

    private void emit(Call call, CallUpdate.Change change, String ext) {
        if (!call.published) {
            return;
        }
        CallSnapshot snapshot = new CallSnapshot(call.key, call.direction, status(call), call.remoteNumber,
                call.remoteName, call.localNumber, call.agent, call.queue, call.startedAt, call.answeredAt,
                call.endedAt, call.lastRang, call.recordingFile);
        sink.accept(new CallUpdate(snapshot, change, ext, now));
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    /** A channel gone from the PBX: out of the registry and out of its bridge (a bridge with nobody in it goes too). */
    private Channel forget(String uniqueid) {
        Channel channel = channels.remove(uniqueid);
        if (channel != null) {
            leaveBridge(channel);
        }
        return channel;
    }

    private void leaveBridge(Channel channel) {
        if (channel.bridge == null) {
            return;
        }
        Set<String> members = bridges.get(channel.bridge);
        if (members != null) {
            members.remove(channel.uniqueid);
            if (members.isEmpty()) {
                bridges.remove(channel.bridge);
            }
        }
        channel.bridge = null;
    }

    private void moveChannel(Channel channel, Call to) {
        Call from = calls.get(channel.linkedid);
        if (from != null) {
            from.channels.remove(channel.uniqueid);
        }
        channel.linkedid = to.key;
        to.channels.add(channel.uniqueid);
    }

    private Optional<Call> callOf(AmiEvent e) {
        Channel channel = channel(e.get("uniqueid"));
        if (channel != null) {
            return Optional.ofNullable(calls.get(channel.linkedid));
        }
        String linkedid = e.get("linkedid");
        return linkedid == null ? Optional.empty() : Optional.ofNullable(calls.get(linkedid));
    }

    /** The call a transfer party belongs to: its Linkedid when the event names it, else its channel's. */
    private String linkedIdOf(String linkedid, String uniqueid) {
        if (linkedid != null) {
            return linkedid;
        }
        Channel c = channel(uniqueid);
        return c == null ? null : c.linkedid;
    }

    private Channel channel(String uniqueid) {
        return uniqueid == null ? null : channels.get(uniqueid);
    }

    private String agentExtension(String channelName) {
        return agentChannels.extensionOf(channelName).filter(isAgentExtension).orElse(null);
    }

    /** Calls the tracker holds open now, e.g. for a health view or tests. */
    public int openCallCount() {
        return calls.size();
    }

    /** What the tracker holds in memory; all zero once every call has ended. */
    public record Registry(int calls, int channels, int bridges) {

        public static final Registry EMPTY = new Registry(0, 0, 0);
    }

    public Registry registry() {
        return new Registry(calls.size(), channels.size(), bridges.size());
    }

    /** Event types seen but not used, with their counts. */
    public Map<String, Long> skippedEventTypes() {
        return Map.copyOf(skipped);
    }

    private static String firstField(String applicationData) {
        if (applicationData == null) {
            return null;
        }
        int comma = applicationData.indexOf(',');
        return comma < 0 ? applicationData : applicationData.substring(0, comma);
    }

    private static Duration parseDuration(String hms) {
        if (hms == null) {
            return null;
        }
        String[] parts = hms.split(":");
        try {
            if (parts.length == 3) {
                return Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                        .plusSeconds(Long.parseLong(parts[2]));
            }
            return Duration.ofSeconds(Long.parseLong(hms.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
