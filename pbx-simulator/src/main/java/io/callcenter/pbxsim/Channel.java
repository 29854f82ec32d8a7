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
    /** When MixMonitor started on this channel (0: not recorded); the file gets its audio when the channel hangs up. */
    long recordingStartedMicros;
    /** Supervisors' channels listening in with ChanSpy; they stop when this channel hangs up (R06). */
    final java.util.List<Channel> spyers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** AMI actions on this channel (Hangup, Atxfer, Park) until its call's script takes them; shared by a call's channels. */
    volatile java.util.concurrent.BlockingQueue<java.util.Map<String, String>> inbox = new java.util.concurrent.LinkedBlockingQueue<>();

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
