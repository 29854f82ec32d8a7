package io.callcenter.crm.calls;

/**
 * A fact (outbox): a call's wrap-up was saved, from any console tab, the call detail or the API. The agent's
 * screens take the call off their live call and their list of calls to wrap up.
 *
 * @param agent the agent of the call (whose list it leaves); null for a call nobody answered
 */
public record CallWrappedUp(long callId, String agent, String disposition) {
}
