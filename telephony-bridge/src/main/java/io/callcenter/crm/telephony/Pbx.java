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

    /** Hangs up the call the PBX knows by {@code pbxKey} (Hangup on its first channel, normal clearing). */
    Reply hangup(String pbxKey);
}
