package io.callcenter.pbxsim;

/** A simulated Asterisk channel: what its events say about it. */
final class Channel {

    enum State {
        DOWN(0, "Down"), RING(4, "Ring"), RINGING(5, "Ringing"), UP(6, "Up");

        final int code;
        final String desc;

        State(int code, String desc) {
            this.code = code;
            this.desc = desc;
        }
    }

    final String name;
    final String uniqueid;
    String linkedid;
    String callerNum;
    String callerName;
    String connectedNum;
    String connectedName;
    String context;
    String exten;
    int priority = 1;
    State state;
    String application = "";
    String applicationData = "";
    String bridge;
    final long createdMicros;

    Channel(String name, String uniqueid, String linkedid, State state, String context, String exten, long createdMicros) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.linkedid = linkedid;
        this.state = state;
        this.context = context;
        this.exten = exten;
        this.createdMicros = createdMicros;
    }

    /** The device part of the name, e.g. PJSIP/1001 for PJSIP/1001-0000000a. */
    String device() {
        int dash = name.lastIndexOf('-');
        return dash > 0 ? name.substring(0, dash) : name;
    }
}
