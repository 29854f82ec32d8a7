package io.callcenter.crm.kpis;

import java.util.LinkedHashMap;
import java.util.Map;

/** Each figure's definition in a sentence, as the dashboard explains it on hover (the README says the same). */
public final class KpiDefinitions {

    private KpiDefinitions() {
    }

    public static Map<String, String> of(KpiSettings s) {
        long sl = s.serviceLevel().toSeconds();
        long shortAbandon = s.shortAbandon().toSeconds();
        long window = s.firstCallWindow().toDays();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("offered", "Inbound calls that reached a queue or an agent, short abandons left out.");
        d.put("answered", "Offered calls an agent answered.");
        d.put("abandoned", "Offered calls whose caller hung up before any agent answered (after " + shortAbandon + " s or more).");
        d.put("shortAbandoned", "Callers who hung up within " + shortAbandon + " s: counted apart, left out of offered, "
                + "service level and abandon rate.");
        d.put("missed", "Offered calls that rang and were never answered for another reason (no agent, timeout).");
        d.put("answerRatePct", "Answered / offered.");
        d.put("abandonRatePct", "Abandoned / offered.");
        d.put("serviceLevelPct", "Calls answered within " + sl + " s / offered.");
        d.put("asaSeconds", "Average speed of answer: mean wait (start to answer) of answered calls.");
        d.put("ahtSeconds", "Average handle time: mean talk plus wrap-up of answered calls (calls whose end the CRM "
                + "could not see are left out).");
        d.put("longestWaitSeconds", "The longest any offered caller waited, answered or not.");
        d.put("firstCallResolutionPct", "Answered calls whose caller did not call again within " + window + " days / answered.");
        d.put("handled", "Calls the agent answered.");
        d.put("ringsNotAnswered", "Unanswered calls whose last ring was on the agent's phone.");
        d.put("talkSeconds", "Talk time of answered inbound calls.");
        d.put("wrapUpSeconds", "Time from a call's end to its saved wrap-up.");
        d.put("outbound", "Calls the agents placed.");
        d.put("callbacksCreated", "Call-backs owed for abandoned and missed calls.");
        d.put("callbacksDone", "Of those, done (the caller reached again, or closed by hand).");
        d.put("timeToCallbackSeconds", "Mean time from the unanswered call's end to its call-back done.");
        d.put("signedInSeconds", "Time the agent was signed in to the console (a closed browser counts until its "
                + "session ends), within the period.");
        d.put("pausedSeconds", "Of the signed-in time, paused in the queues (any reason but after-call work, which is wrap-up time), "
                + "from the console or the phone.");
        d.put("occupancyPct", "Handle time (inbound and outbound talk plus wrap-up) / signed-in time not paused, at most 100 %.");
        return d;
    }
}
