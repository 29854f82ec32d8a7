package io.callcenter.crm.telephony.screenpop;

import io.callcenter.crm.telephony.CallEvent;

import java.time.Instant;

/** What an agent's screen shows of their live call: the call as it rang, its phase and since when. */
public record LiveCall(CallEvent.CallRang call, Phase phase, Instant since) {

    public enum Phase {
        RINGING, TALKING, WRAP_UP
    }
}
