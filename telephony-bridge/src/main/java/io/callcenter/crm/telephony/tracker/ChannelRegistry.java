package io.callcenter.crm.telephony.tracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PBX's channels the tracker knows, and the bridges they are in. A channel is forgotten when it hangs
 * up, and a bridge when its last channel leaves, so nothing is left once every call has ended.
 */
final class ChannelRegistry {

    /** One channel on the PBX. */
    static final class Channel {
        final String uniqueid;
        /** the call it belongs to (the PBX's Linkedid, or the call a pickup or transfer moved it to) */
        String linkedid;
        final String name;
        /** the agent extension of its device, or null for a remote party */
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

    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<String, Set<String>> bridges = new HashMap<>();

    Channel get(String uniqueid) {
        return uniqueid == null ? null : channels.get(uniqueid);
    }

    void add(Channel channel) {
        channels.put(channel.uniqueid, channel);
    }

    /** A channel gone from the PBX: out of the registry and out of its bridge. */
    Channel forget(String uniqueid) {
        Channel channel = channels.remove(uniqueid);
        if (channel != null) {
            leaveBridge(channel);
        }
        return channel;
    }

    /** Puts the channel in the bridge (leaving the one it was in); returns who is in the bridge now. */
    List<Channel> enterBridge(Channel channel, String bridge) {
        if (!bridge.equals(channel.bridge)) {
            leaveBridge(channel);
        }
        channel.bridge = bridge;
        Set<String> members = bridges.computeIfAbsent(bridge, b -> new LinkedHashSet<>());
        members.add(channel.uniqueid);
        List<Channel> in = new ArrayList<>(members.size());
        for (String id : members) {
            Channel c = channels.get(id);
            if (c != null) {
                in.add(c);
            }
        }
        return in;
    }

    /** Who is in the bridge now. */
    List<Channel> inBridge(String bridge) {
        List<Channel> in = new ArrayList<>();
        for (String id : bridges.getOrDefault(bridge, Set.of())) {
            Channel c = channels.get(id);
            if (c != null) {
                in.add(c);
            }
        }
        return in;
    }

    void leaveBridge(Channel channel) {
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

    int channelCount() {
        return channels.size();
    }

    int bridgeCount() {
        return bridges.size();
    }
}
