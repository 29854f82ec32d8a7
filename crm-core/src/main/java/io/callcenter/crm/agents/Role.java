package io.callcenter.crm.agents;

/** What a user may do. CONTRACT.md defines each. */
public enum Role {
    AGENT, SUPERVISOR, MANAGER, ADMIN
}
