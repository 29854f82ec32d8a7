package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.telephony.AgentChannels;
import io.callcenter.crm.telephony.tracker.ChannelRegistry.Channel;
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
 * <p>Three parts: the {@link ChannelRegistry} (channels and bridges), each call as a {@link TrackedCall}
 * with named phases and the transitions between them, and here the reading of events into those
 * transitions. {@link Resync} rebuilds the picture after a reconnect; {@link CallOutcome} decides how a
 * call ended; {@link DialString} reads numbers out of dial strings.
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
            "challengesent", "invalidpassword", "failedacl", "reload", "loadaverage", "bridgemerge", "chanspystart",
            "chanspystop", "mixmonitormute", "parkedcallscomplete", "coreshowchannel",
            "bridgelistitem", "bridgelistcomplete", "endpointlist", "endpointlistcomplete", "queueentry", "queuemember",
            "queueparams", "queuestatuscomplete", "queuesummary", "queuesummarycomplete", "status", "statuscomplete");

    private final AgentChannels agentChannels;
    private final Predicate<String> isAgentExtension;
    private final Consumer<CallUpdate> sink;

    final ChannelRegistry registry = new ChannelRegistry();
    final Map<String, TrackedCall> calls = new HashMap<>();
    /** Where transitions' changes go: call records only, to the sink, as of the event being applied. */
    final TrackedCall.Changes out = this::emit;
    private final Map<String, Long> skipped = new ConcurrentHashMap<>();
    /** the time of the event being applied, by the PBX's clock */
    private Instant now = Instant.EPOCH;

    public CallTracker(AgentChannels agentChannels, Predicate<String> isAgentExtension, Consumer<CallUpdate> sink) {
        this.agentChannels = agentChannels;
        this.isAgentExtension = isAgentExtension;
        this.sink = sink;
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
            case "parkedcall" -> parkedCallOf(e).ifPresent(c -> c.parkedSpace = e.get("parkingspace"));
            case "unparkedcall" -> unparked(e);
            case "parkedcallgiveup", "parkedcalltimeout" -> parkedCallOf(e).ifPresent(c -> c.parkedSpace = null);
            default -> {
                if (!IGNORED.contains(e.name()) && skipped.merge(e.name(), 1L, Long::sum) == 1) {
                    log.debug("AMI event '{}' is not used by the call tracker; further ones are skipped silently", e.name());
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
        registry.add(channel);
        TrackedCall call = calls.computeIfAbsent(linkedid, k -> new TrackedCall(k, e.time()));
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
        TrackedCall call = calls.get(channel.linkedid);
        if (call != null && call.direction == CallDirection.INBOUND && !call.isRecord() && DialString.number(channel.callerNum) != null) {
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
        TrackedCall call = callOf(e).orElse(null);
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
        call.record(out);
    }

    private void agentCalled(AmiEvent e) {
        Channel caller = touchChannel(e);
        TrackedCall call = callOf(e).orElse(null);
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
        call.ring(ext, out);
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
        TrackedCall call = calls.get(source.linkedid);
        if (call == null) {
            return;
        }
        if (!source.isAgent()) {
            if (destExt != null) {
                if (call.direction == null) {
                    call.direction = CallDirection.INBOUND;
                }
                rememberRemote(call, source);
                call.ring(destExt, out);
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
                call.record(out);
                call.ring(destExt, out);
            } else if (call.rootIsAgent) {
                call.direction = CallDirection.OUTBOUND;
                call.agent = source.agentExtension;
                call.remoteNumber = firstNonNull(DialString.number(source.exten), DialString.number(e.get("destcalleridnum")),
                        DialString.dialedNumber(e.get("dialstring")));
                if (call.remoteNumber != null) {
                    call.record(out);
                }
            }
        } else if (destExt != null) {
            // an agent in an inbound call dials a colleague: a blind transfer's new leg rings
            call.ring(destExt, out);
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
        TrackedCall call = calls.get(source.linkedid);
        if (call == null) {
            return;
        }
        if ("ANSWER".equals(status)) {
            if (!source.isAgent() && destExt != null) {
                call.answer(destExt, e.time(), out);
            } else if (source.isAgent() && (destExt == null || !destExt.equals(source.agentExtension))) {
                if ((call.direction == CallDirection.INBOUND || call.direction == CallDirection.INTERNAL) && destExt != null) {
                    // inbound: a transfer's new leg; internal: the colleague answers (the caller stays the call's agent)
                    call.answer(destExt, e.time(), out);
                } else {
                    call.answer(call.agent != null ? call.agent : source.agentExtension, e.time(), out);
                }
            }
            return;
        }
        call.ringStopped(destExt, out);
        if (call.answeredAt == null && !"CANCEL".equals(status)) {
            call.dialFailure = status;
            if (call.direction == CallDirection.INBOUND) {
                call.missedEvidence = true;
            }
        }
    }

    private void agentRingNoAnswer(AmiEvent e) {
        TrackedCall call = callOf(e).orElse(null);
        String ext = firstNonNull(agentExtension(e.get("destchannel")), agentExtension(e.get("interface")));
        if (call != null) {
            call.ringStopped(ext, out);
        }
    }

    private void agentConnect(AmiEvent e) {
        TrackedCall call = callOf(e).orElse(null);
        String ext = firstNonNull(agentExtension(e.get("destchannel")), agentExtension(e.get("interface")));
        if (call != null && ext != null) {
            call.answer(ext, e.time(), out);
        }
    }

    private void pickup(AmiEvent e) {
        Channel picker = channel(e.get("uniqueid"));
        Channel target = channel(e.get("targetuniqueid"));
        if (picker == null || target == null || !picker.isAgent()) {
            return;
        }
        TrackedCall call = calls.get(target.linkedid);
        if (call != null) {
            TrackedCall own = calls.get(picker.linkedid);
            if (own != null && own != call && !own.isRecord()) {
                calls.remove(own.key); // the pickup code the agent dialed is not a call of its own
            }
            moveChannel(picker, call);
            call.answer(picker.agentExtension, e.time(), out);
        }
    }

    private void bridgeEnter(AmiEvent e) {
        String bridge = e.get("bridgeuniqueid");
        Channel entering = touchChannel(e);
        if (bridge == null || entering == null) {
            return;
        }
        // whoever talks with a remote party owns that party's call
        Channel agent = null;
        Channel remote = null;
        for (Channel c : registry.enterBridge(entering, bridge)) {
            if (c.isAgent()) {
                agent = agent == null || c == entering ? c : agent;
            } else {
                remote = remote == null || c == entering ? c : remote;
            }
        }
        if (agent == null || remote == null) {
            return;
        }
        TrackedCall call = calls.get(remote.linkedid);
        if (call == null || call.direction == CallDirection.INTERNAL) {
            return;
        }
        if (call.direction == CallDirection.OUTBOUND && call.answeredAt == null) {
            call.answer(call.agent, e.time(), out);
        } else if (call.direction == CallDirection.INBOUND) {
            call.answer(agent.agentExtension, e.time(), out);
        }
    }

    private void bridgeLeave(AmiEvent e) {
        Channel leaving = channel(e.get("uniqueid"));
        if (leaving != null) {
            registry.leaveBridge(leaving);
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
        TrackedCall main = calls.get(firstCall);
        TrackedCall consult = calls.get(consultCall);
        if (main == null || consult == null) {
            return;
        }
        for (String id : List.copyOf(consult.channels)) {
            Channel c = registry.get(id);
            if (c != null && c.isAgent() && !Objects.equals(c.agentExtension, consult.agent)) {
                moveChannel(c, main);
            }
        }
        end(consult, e.time());
    }

    private void varSet(AmiEvent e) {
        String variable = Objects.requireNonNullElse(e.get("variable"), "");
        if ("MIXMONITOR_FILENAME".equalsIgnoreCase(variable)) {
            callOf(e).ifPresent(c -> c.recordingFile = e.get("value"));
        } else if ("DIALSTATUS".equalsIgnoreCase(variable)) {
            dialStatus(e);
        }
    }

    /**
     * How an agent's dial out ended. A dial that fails inside Asterisk before any outside channel exists
     * (a dial string PJSIP refuses, a trunk down) shows only here, as CHANUNAVAIL or CONGESTION: the call
     * becomes the agent's outbound call to the number they dialed, so it ends FAILED (or BUSY) on their
     * record instead of leaving none (dialed from the phone) or staying RINGING (a click-to-call).
     */
    private void dialStatus(AmiEvent e) {
        String status = e.get("value");
        Channel channel = touchChannel(e);
        if (status == null || "ANSWER".equals(status) || "CANCEL".equals(status) || channel == null || !channel.isAgent()) {
            return;
        }
        TrackedCall call = calls.get(channel.linkedid);
        if (call == null || call.answeredAt != null) {
            return;
        }
        if (call.direction == null && call.rootIsAgent) {
            String number = DialString.number(channel.exten);
            if (number == null || isAgentExtension.test(number)) {
                return;
            }
            call.direction = CallDirection.OUTBOUND;
            call.agent = channel.agentExtension;
            call.remoteNumber = number;
        }
        if (call.direction == CallDirection.OUTBOUND) {
            call.dialFailure = status;
            call.record(out);
        }
    }

    private void hangupRequest(AmiEvent e) {
        touchChannel(e);
    }

    private void hangup(AmiEvent e) {
        Channel channel = registry.forget(Objects.requireNonNullElse(e.get("uniqueid"), ""));
        if (channel == null) {
            return;
        }
        TrackedCall call = calls.get(channel.linkedid);
        if (call == null) {
            return;
        }
        call.channels.remove(channel.uniqueid);
        if (channel.isAgent()) {
            call.ringStopped(channel.agentExtension, out);
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
        TrackedCall call = calls.get(key);
        if (call == null) {
            call = new TrackedCall(key, e.time());
            call.rootIsAgent = true;
            calls.put(key, call);
        }
        call.direction = CallDirection.OUTBOUND;
        if (call.remoteNumber == null) {
            call.remoteNumber = DialString.number(e.get("exten")); // the number the click-to-call was to dial
        }
        call.originateRefused = true;
        call.originateReason = e.get("reason");
        call.alreadyRecorded(); // the click-to-call has its record from the start
        end(call, e.time());
    }

    // ---------------------------------------------------------------------------------------------
    // resynchronisation

    /** A call that was open when we lost sight of the PBX (from our records). */
    public record OpenCall(CallSnapshot snapshot) {
    }

    /**
     * Rebuilds the picture after (re)connecting: {@code liveChannels} are the CoreShowChannel events the
     * PBX listed; {@code knownOpen} are the calls our records still hold open ({@link Resync}).
     */
    public void resync(Collection<AmiEvent> liveChannels, Collection<OpenCall> knownOpen, Instant now) {
        this.now = now;
        new Resync(this).apply(liveChannels, knownOpen, now);
    }

    // ---------------------------------------------------------------------------------------------
    // transitions

    /** What a call's first channel tells: an agent's phone starts an outbound or internal call; anything else is a caller. */
    void startFrom(TrackedCall call, Channel root) {
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

    private void rememberRemote(TrackedCall call, Channel caller) {
        if (!call.isRecord() && DialString.number(caller.callerNum) != null) {
            call.remoteNumber = DialString.number(caller.callerNum);
            call.remoteName = caller.callerName;
        }
    }

    /** The call is over: it leaves the registry with its channels, and its end is told. */
    void end(TrackedCall call, Instant at) {
        calls.remove(call.key);
        for (String id : call.channels) {
            registry.forget(id);
        }
        call.end(at, out);
    }

    private void emit(TrackedCall call, CallUpdate.Change change, String ext) {
        if (call.isRecord()) {
            sink.accept(new CallUpdate(call.snapshot(), change, ext, now));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    private void moveChannel(Channel channel, TrackedCall to) {
        TrackedCall from = calls.get(channel.linkedid);
        if (from != null) {
            from.channels.remove(channel.uniqueid);
        }
        channel.linkedid = to.key;
        to.channels.add(channel.uniqueid);
    }

    private Optional<TrackedCall> callOf(AmiEvent e) {
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
        return registry.get(uniqueid);
    }

    String agentExtension(String channelName) {
        return agentChannels.extensionOf(channelName).filter(isAgentExtension).orElse(null);
    }

    /**
     * A parked caller taken out of the parking space: the phone that took it (the Retriever, an agent's phone
     * dialled into the parking lot on a call of its own) is on the caller's call from now on, so the agent's
     * controls find it there as before the hold.
     */
    private void unparked(AmiEvent e) {
        parkedCallOf(e).ifPresent(call -> {
            call.parkedSpace = null;
            Channel retriever = channel(e.get("retrieveruniqueid"));
            if (retriever == null || !retriever.isAgent() || retriever.linkedid.equals(call.key)) {
                return;
            }
            TrackedCall own = calls.get(retriever.linkedid);
            moveChannel(retriever, call);
            if (own != null && own.channels.isEmpty()) {
                end(own, e.time()); // the retrieving call had nothing else: no record of its own
            }
        });
    }

    /** The call whose caller a parking event is about (its Parkee). */
    private Optional<TrackedCall> parkedCallOf(AmiEvent e) {
        String linkedid = linkedIdOf(e.get("parkeelinkedid"), e.get("parkeeuniqueid"));
        return Optional.ofNullable(linkedid == null ? null : calls.get(linkedid));
    }

    /** An agent's channel on a call and the channel bridged with it: what a transfer or a park acts on. */
    public record TalkingLegs(String agentChannel, String peerChannel) {
    }

    /**
     * The channel of the agent with {@code agentExtension} that talks on the call, and the party it talks with
     * (the caller, or whoever the call was handed to); empty when that agent is not bridged on it now. Of a
     * Local member's halves, the one bridged with someone else than the agent's own phone.
     */
    public Optional<TalkingLegs> talkingLegs(String pbxKey, String agentExtension) {
        TrackedCall call = calls.get(pbxKey);
        if (call == null || agentExtension == null) {
            return Optional.empty();
        }
        for (String id : call.channels) {
            Channel c = registry.get(id);
            if (c == null || !agentExtension.equals(c.agentExtension) || c.bridge == null) {
                continue;
            }
            for (Channel peer : registry.inBridge(c.bridge)) {
                if (peer != c && !agentExtension.equals(peer.agentExtension)) {
                    return Optional.of(new TalkingLegs(c.name, peer.name));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The colleague (their extension) the agent consults for an attended transfer of this call: the agent's phone
     * is bridged with another agent's channel while the caller waits elsewhere; empty otherwise.
     */
    public Optional<String> consulting(String pbxKey, String agentExtension) {
        TrackedCall call = calls.get(pbxKey);
        Optional<TalkingLegs> legs = talkingLegs(pbxKey, agentExtension);
        if (call == null || legs.isEmpty() || call.direction == CallDirection.INTERNAL) {
            return Optional.empty(); // two colleagues talking is the call itself
        }
        return call.channels.stream().map(registry::get)
                .filter(c -> c != null && c.name.equals(legs.get().peerChannel()) && c.agentExtension != null)
                .map(c -> c.agentExtension).findFirst();
    }

    /** A live channel of the agent's phone on the call (talking, consulting or on hold), if any. */
    public Optional<String> agentChannel(String pbxKey, String agentExtension) {
        TrackedCall call = calls.get(pbxKey);
        if (call == null || agentExtension == null) {
            return Optional.empty();
        }
        return call.channels.stream().map(registry::get)
                .filter(c -> c != null && agentExtension.equals(c.agentExtension) && !c.name.startsWith("Local/"))
                .map(c -> c.name).findFirst();
    }

    /** The parking space the call's caller waits in, while parked. */
    public Optional<String> parkedSpace(String pbxKey) {
        return Optional.ofNullable(calls.get(pbxKey)).map(c -> c.parkedSpace);
    }

    /** The name of the call's first channel, the one its dialplan records (MixMonitor), while the call lives. */
    public Optional<String> recordingChannel(String pbxKey) {
        return Optional.ofNullable(registry.get(pbxKey)).map(c -> c.name);
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
        return new Registry(calls.size(), registry.channelCount(), registry.bridgeCount());
    }

    /** Event types seen but not used, with their counts. */
    public Map<String, Long> skippedEventTypes() {
        return Map.copyOf(skipped);
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
