package io.callcenter.crm.calls;

/** Why a call that was never answered failed, as the PBX told it; shown to the agent whose call it was. */
public enum CallEndCause {
    /** a click-to-call rang the agent's own phone until Asterisk gave up */
    AGENT_NO_ANSWER("your phone did not answer"),
    /** a click-to-call found the agent's own phone busy */
    AGENT_BUSY("your phone was busy"),
    BUSY("the number was busy"),
    NO_ANSWER("nobody answered"),
    /** the carrier or the network refused it (SIP 503, all circuits busy) */
    CONGESTION("the carrier could not connect the call"),
    /** no channel out could be created: the trunk is down or the dial string was refused */
    UNAVAILABLE("the call could not go out: the trunk is unavailable");

    private final String description;

    CallEndCause(String description) {
        this.description = description;
    }

    /** For the agent: "your phone did not answer". */
    public String description() {
        return description;
    }
}
