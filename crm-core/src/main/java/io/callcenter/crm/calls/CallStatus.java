package io.callcenter.crm.calls;

/** CONTRACT.md: RINGING and IN_PROGRESS while live, then one final status. */
public enum CallStatus {
    RINGING, IN_PROGRESS, ANSWERED, MISSED, ABANDONED, BUSY, FAILED;

    public boolean isFinal() {
        return this != RINGING && this != IN_PROGRESS;
    }
}
