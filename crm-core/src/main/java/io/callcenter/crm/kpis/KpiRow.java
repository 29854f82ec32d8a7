package io.callcenter.crm.kpis;

/**
 * The KPI figures of one group (an agent, a queue, a DID, a day, an hour) over a period, as the README's
 * "KPI definitions" define them. Rates are percentages with one decimal and averages whole seconds; both are
 * null when there is nothing to divide by.
 *
 * @param key                 the group: agent's username, queue, DID (E.164), local day {@code 2026-11-23} or hour
 *                            {@code 2026-11-23T14:00}; {@code ""} for calls without one; {@code "total"} for all
 * @param label               how the group reads for people: the DID's campaign, the agent's name
 */
public record KpiRow(String key, String label, int offered, int answered, int abandoned, int shortAbandoned, int missed,
                     Double answerRatePct, Double abandonRatePct, Double serviceLevelPct, Long asaSeconds, Long ahtSeconds,
                     long longestWaitSeconds, Double firstCallResolutionPct, int handled, int ringsNotAnswered,
                     long talkSeconds, long wrapUpSeconds, int outbound, long outboundTalkSeconds,
                     int callbacksCreated, int callbacksDone, Long timeToCallbackSeconds) {
}
