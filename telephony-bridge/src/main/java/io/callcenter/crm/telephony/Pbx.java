package io.callcenter.crm.telephony;

/** What the rest of the application may ask of the PBX. Implemented over AMI in {@code telephony.ami}. */
public interface Pbx {

    /** A reply from the PBX; when refused, {@code message} is Asterisk's own words. */
    record Reply(boolean ok, String message) {
    }

    boolean connected();

    /**
     * Rings {@code channel} (the agent's phone) and, when it answers, dials {@code exten} in {@code context}.
     * {@code channelId} becomes the first channel's Uniqueid, so the call is recognised from its first event.
     */
    Reply originate(String channel, String context, String exten, String callerId, String channelId);

    /** Pauses or resumes a queue member in every queue. */
    Reply queuePause(String memberInterface, boolean paused, String reason);

    /**
     * Mutes or unmutes the recording of the call the PBX knows by {@code pbxKey} (MixMonitorMute on the
     * channel that records it, both directions): nothing the caller or the agent says is recorded meanwhile.
     */
    Reply muteRecording(String pbxKey, boolean mute);

    /**
     * The agent's phone (extension {@code agentExtension}) leaves the call, as its own hang-up would (Hangup on
     * the agent's channel, normal clearing): a two-party call ends, an attended transfer completes.
     */
    Reply hangup(String pbxKey, String agentExtension);

    /**
     * Blind transfer: whoever talks with the agent (extension {@code agentExtension}) on the call is sent to
     * {@code exten} in the originate context, and the agent's phone leaves the call (AMI BlindTransfer).
     */
    Reply blindTransfer(String pbxKey, String agentExtension, String exten);

    /**
     * Attended transfer: the caller is put on hold and the agent's phone dials {@code exten} in the originate
     * context; when the agent's phone then leaves (see {@link #hangup}), the caller is joined to the one dialled
     * (AMI Atxfer, which needs the {@code atxfer} feature code in features.conf).
     */
    Reply attendedTransfer(String pbxKey, String agentExtension, String exten);

    /**
     * Cancels the attended transfer the agent's phone is consulting for: the one consulted is hung up and the
     * agent talks with the caller again (AMI CancelAtxfer, which plays features.conf's {@code atxferabort} code).
     */
    Reply cancelAttendedTransfer(String pbxKey, String agentExtension);

    /**
     * Holds the call in a parking space: the caller waits there with music, the agent's phone is free, and the
     * call comes back to the agent's phone after {@code timeout} (AMI Park). {@link #liveCall} tells where.
     */
    Reply park(String pbxKey, String agentExtension, java.time.Duration timeout);

    /**
     * What the call is doing now, in one question to the call tracker: the parking space its caller waits in,
     * while parked, and the extension of the colleague the agent's phone consults for an attended transfer.
     */
    LiveCall liveCall(String pbxKey, String agentExtension);

    record LiveCall(java.util.Optional<String> parkedSpace, java.util.Optional<String> consulting) {
        public static final LiveCall UNKNOWN = new LiveCall(java.util.Optional.empty(), java.util.Optional.empty());
    }

    /** Rings {@code channel} (an agent's phone) and, when it answers, connects it to the caller parked in {@code space}. */
    Reply retrieveParked(String channel, String space, String callerId);
}
