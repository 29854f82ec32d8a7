package io.callcenter.pbxsim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One AMI message: "Key: Value" lines, CRLF-terminated, ended by an empty line. Header order is kept. */
final class Frame {

    private final List<String[]> headers = new ArrayList<>();

    static Frame event(String name, String privilege) {
        Frame f = new Frame().add("Event", name);
        if (privilege != null) {
            f.add("Privilege", privilege);
        }
        return f;
    }

    static Frame response(String response, String actionId) {
        Frame f = new Frame().add("Response", response);
        if (actionId != null) {
            f.add("ActionID", actionId);
        }
        return f;
    }

    Frame add(String key, Object value) {
        headers.add(new String[]{key, value == null ? "" : value.toString()});
        return this;
    }

    /** Adds Asterisk's event time header, seconds with microseconds, as {@code timestampevents=yes} does. */
    Frame timestamp(long epochMicros) {
        return add("Timestamp", String.format(Locale.ROOT, "%d.%06d", epochMicros / 1_000_000, epochMicros % 1_000_000));
    }

    /** The standard block of channel headers Asterisk 20 puts on channel events, optionally prefixed ("Dest"). */
    Frame channel(String prefix, Channel c) {
        add(prefix + "Channel", c.name);
        add(prefix + "ChannelState", c.state.code);
        add(prefix + "ChannelStateDesc", c.state.desc);
        add(prefix + "CallerIDNum", orUnknown(c.callerNum));
        add(prefix + "CallerIDName", orUnknown(c.callerName));
        add(prefix + "ConnectedLineNum", orUnknown(c.connectedNum));
        add(prefix + "ConnectedLineName", orUnknown(c.connectedName));
        add(prefix + "Language", "en");
        add(prefix + "AccountCode", "");
        add(prefix + "Context", c.context);
        add(prefix + "Exten", c.exten);
        add(prefix + "Priority", c.priority);
        add(prefix + "Uniqueid", c.uniqueid);
        add(prefix + "Linkedid", c.linkedid);
        return this;
    }

    String get(String key) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(key)) {
                return h[1];
            }
        }
        return null;
    }

    private static String orUnknown(String v) {
        return v == null || v.isEmpty() ? "<unknown>" : v;
    }

    String wire() {
        StringBuilder sb = new StringBuilder(headers.size() * 32);
        for (String[] h : headers) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }
}
