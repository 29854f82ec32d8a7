package io.callcenter.crm.calls;

public enum CallDirection {
    INBOUND, OUTBOUND, INTERNAL
}
