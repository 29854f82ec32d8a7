package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.telephony.tracker.ChannelRegistry.Channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rebuilds the tracker's picture after (re)connecting, from the channels the PBX lists now
 * ({@code CoreShowChannel} events) and the calls our records still hold open. Calls whose channels are
 * gone are ended now, their end marked approximate (they ended some time while we were away, which AMI
 * does not tell afterwards); live calls we did not know are adopted, keeping what our records know of
 * them; a call we knew shows in its bridges whatever happened to it while we were away.
 */
final class Resync {

    private final CallTracker tracker;

    Resync(CallTracker tracker) {
        this.tracker = tracker;
    }

    void apply(Collection<AmiEvent> liveChannels, Collection<CallTracker.OpenCall> knownOpen, Instant now) {
        Map<String, List<AmiEvent>> byCall = new HashMap<>();
        for (AmiEvent c : liveChannels) {
            String uniqueid = c.get("uniqueid");
            if (uniqueid != null) {
                byCall.computeIfAbsent(Objects.requireNonNullElse(c.get("linkedid"), uniqueid), k -> new ArrayList<>()).add(c);
            }
        }
        endWhatVanished(byCall, now);
        for (CallTracker.OpenCall open : knownOpen) {
            restore(open.snapshot(), byCall.containsKey(open.snapshot().pbxKey()), now);
        }
        for (Map.Entry<String, List<AmiEvent>> entry : byCall.entrySet()) {
            adopt(entry.getKey(), entry.getValue(), now);
        }
    }

    /** Our in-memory calls whose channels vanished while we were away. */
    private void endWhatVanished(Map<String, List<AmiEvent>> byCall, Instant now) {
        for (TrackedCall call : List.copyOf(tracker.calls.values())) {
            List<AmiEvent> live = byCall.get(call.key);
            Set<String> liveIds = new HashSet<>();
            if (live != null) {
                live.forEach(c -> liveIds.add(c.get("uniqueid")));
            }
            for (String id : List.copyOf(call.channels)) {
                if (!liveIds.contains(id)) {
                    call.channels.remove(id);
                    tracker.registry.forget(id);
                }
            }
            if (call.channels.isEmpty() && live == null) {
                if (call.direction != null) {
                    call.alreadyRecorded();
                }
                call.endApproximate = true;
                tracker.end(call, now);
            }
        }
    }

    /** A call our records hold open that the tracker does not know (the application restarted). */
    private void restore(CallSnapshot s, boolean live, Instant now) {
        if (tracker.calls.containsKey(s.pbxKey())) {
            return;
        }
        TrackedCall call = new TrackedCall(s.pbxKey(), s.startedAt());
        call.direction = s.direction();
        call.remoteNumber = s.remoteNumber();
        call.remoteName = s.remoteName();
        call.localNumber = s.localNumber();
        call.agent = s.agentExtension();
        call.queue = s.queue();
        call.answeredAt = s.answeredAt();
        call.lastRang = s.lastRangExtension();
        call.recordingFile = s.recordingFile();
        call.rootIsAgent = s.direction() != CallDirection.INBOUND;
        call.alreadyRecorded();
        tracker.calls.put(call.key, call);
        if (!live) {
            if (call.direction == CallDirection.INBOUND && call.answeredAt == null) {
                call.missedEvidence = true; // we cannot tell whether the caller gave up; a call-back is owed either way
            }
            call.endApproximate = true;
            tracker.end(call, now);
        }
    }

    /** Live channels of one call: adopted if the call is new to us, or read for what changed if we knew it. */
    private void adopt(String key, List<AmiEvent> live, Instant now) {
        TrackedCall call = tracker.calls.get(key);
        boolean isNew = call == null;
        Instant started = now;
        for (AmiEvent c : live) {
            Duration age = parseDuration(c.get("duration"));
            if (age != null && now.minus(age).isBefore(started)) {
                started = now.minus(age);
            }
        }
        if (isNew) {
            call = new TrackedCall(key, started);
            tracker.calls.put(key, call);
        }
        Map<String, List<Channel>> byBridge = new HashMap<>();
        for (AmiEvent c : live) {
            String uniqueid = c.get("uniqueid");
            Channel channel = tracker.registry.get(uniqueid);
            if (channel == null) {
                channel = new Channel(uniqueid, key, c.get("channel"), tracker.agentExtension(c.get("channel")));
                channel.callerNum = c.get("calleridnum");
                channel.callerName = c.get("calleridname");
                channel.exten = c.get("exten");
                tracker.registry.add(channel);
            }
            call.channels.add(uniqueid);
            String bridge = c.get("bridgeid");
            if (bridge != null) {
                tracker.registry.enterBridge(channel, bridge);
                byBridge.computeIfAbsent(bridge, b -> new ArrayList<>()).add(channel);
            }
            if (isNew && uniqueid.equals(key)) {
                tracker.startFrom(call, channel);
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
                    call.answer(call.direction == CallDirection.INBOUND ? agent.agentExtension : call.agent, now, tracker.out);
                }
            }
            return;
        }
        if (call.rootIsAgent && call.direction == null) {
            Channel other = live.stream().map(c -> tracker.registry.get(c.get("uniqueid"))).filter(Objects::nonNull)
                    .filter(ch -> !ch.uniqueid.equals(key)).findFirst().orElse(null);
            Channel root = tracker.registry.get(key);
            if (other != null && other.isAgent()) {
                call.direction = CallDirection.INTERNAL;
                call.remoteNumber = other.agentExtension;
            } else {
                call.direction = CallDirection.OUTBOUND;
                call.remoteNumber = root == null ? null : CallTracker.firstNonNull(DialString.number(root.exten),
                        other == null ? null : DialString.number(other.callerNum));
            }
        }
        if (call.direction == null) {
            call.direction = CallDirection.INBOUND;
        }
        call.record(tracker.out);
        // bridged with an agent: answered (we do not know exactly when; the adoption time is the best we have)
        for (List<Channel> members : byBridge.values()) {
            Channel agent = members.stream().filter(Channel::isAgent).findFirst().orElse(null);
            boolean remote = members.stream().anyMatch(ch -> !ch.isAgent()) || call.direction == CallDirection.INTERNAL;
            if (agent != null && remote && members.size() > 1 && call.answeredAt == null) {
                call.answer(call.direction == CallDirection.INBOUND ? agent.agentExtension : call.agent, now, tracker.out);
            }
        }
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
}
