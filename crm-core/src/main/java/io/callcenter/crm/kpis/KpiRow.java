package io.callcenter.crm.kpis;

/**
 * The KPI figures of one group (an agent, a queue, a DID, a day, an hour) over a period, as the README's
 * "KPI definitions" define them. Rates are percentages with one decimal and averages whole seconds; both are
 * null when there is nothing to divide by.
 *
 * @param key                 the group: agent's username, queue, DID (E.164), local day {@code 2026-11-23} or hour
 *                            {@code 2026-11-23T14:00}; {@code ""} for calls without one; {@code "total"} for all
 * @param label               how the group reads for people: the DID's campaign, the agent's name
 * @param signedInSeconds     agents' time signed in to the console within the period (agent rows and the total;
 *                            null elsewhere)
 * @param pausedSeconds       of that time, paused in the queues
 * @param occupancyPct        handle time (inbound talk, outbound talk, wrap-up) / (signed in - paused), at most 100
 */
public record KpiRow(String key, String label, int offered, int answered, int abandoned, int shortAbandoned, int missed,
                     Double answerRatePct, Double abandonRatePct, Double serviceLevelPct, Long asaSeconds, Long ahtSeconds,
                     long longestWaitSeconds, Double firstCallResolutionPct, int handled, int ringsNotAnswered,
                     long talkSeconds, long wrapUpSeconds, int outbound, long outboundTalkSeconds,
                     int callbacksCreated, int callbacksDone, Long timeToCallbackSeconds,
                     Long signedInSeconds, Long pausedSeconds, Double occupancyPct) {

    /** This row with the agents' signed-in and paused time of the period, and the occupancy they give. */
    public KpiRow withAgentTime(long signedIn, long paused) {
        long available = signedIn - paused;
        long handle = talkSeconds + outboundTalkSeconds + wrapUpSeconds;
        Double occupancy = available <= 0 ? null : Math.min(100.0, Math.round(1000.0 * handle / available) / 10.0);
        return new KpiRow(key, label, offered, answered, abandoned, shortAbandoned, missed, answerRatePct, abandonRatePct,
                serviceLevelPct, asaSeconds, ahtSeconds, longestWaitSeconds, firstCallResolutionPct, handled, ringsNotAnswered,
                talkSeconds, wrapUpSeconds, outbound, outboundTalkSeconds, callbacksCreated, callbacksDone, timeToCallbackSeconds,
                signedIn, paused, occupancy);
    }

    /** A row with no calls (an agent who was signed in and took none). */
    public static KpiRow noCalls(String key, String label) {
        return new KpiRow(key, label, 0, 0, 0, 0, 0, null, null, null, null, null, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, null,
                null, null, null);
    }
}
