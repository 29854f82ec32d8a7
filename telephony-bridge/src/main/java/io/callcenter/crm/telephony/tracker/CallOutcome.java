package io.callcenter.crm.telephony.tracker;

import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallEndCause;
import io.callcenter.crm.calls.CallStatus;

/** A call's status from what was seen of it: a pure function of the facts, tested by a table. */
final class CallOutcome {

    /**
     * What the tracker saw of a call.
     *
     * @param callerLeftQueue  the caller hung up while waiting in a queue (QueueCallerAbandon)
     * @param missedEvidence   the PBX gave up on the call: a queue timeout, a dial that failed, or an
     *                         unanswered inbound call that ended while we were not connected
     * @param dialFailure      the DialStatus of a failed dial (BUSY, CONGESTION, NOANSWER, CHANUNAVAIL), or null
     * @param originateRefused the PBX refused a click-to-call's Originate
     */
    record Seen(CallDirection direction, boolean answered, boolean ended, boolean callerLeftQueue,
                boolean missedEvidence, String dialFailure, boolean originateRefused) {
    }

    private CallOutcome() {
    }

    /**
     * Why an agent's attempt (outbound, internal, click-to-call) failed, or null (answered, inbound, or not
     * said). A refused Originate's Reason is Asterisk's control code: 3 the phone was still ringing at the
     * timeout, 5 busy, 8 congestion; anything else means no channel could be made.
     */
    static CallEndCause cause(CallDirection direction, boolean answered, String dialFailure, boolean originateRefused,
                              String originateReason) {
        if (answered || direction == CallDirection.INBOUND) {
            return null;
        }
        if (originateRefused) {
            return switch (originateReason == null ? "" : originateReason.trim()) {
                case "3" -> CallEndCause.AGENT_NO_ANSWER;
                case "5" -> CallEndCause.AGENT_BUSY;
                case "8" -> CallEndCause.CONGESTION;
                default -> CallEndCause.UNAVAILABLE;
            };
        }
        if (dialFailure == null) {
            return null;
        }
        return switch (dialFailure) {
            case "BUSY" -> CallEndCause.BUSY;
            case "NOANSWER" -> CallEndCause.NO_ANSWER;
            case "CONGESTION" -> CallEndCause.CONGESTION;
            case "CHANUNAVAIL" -> CallEndCause.UNAVAILABLE;
            default -> null;
        };
    }

    static CallStatus of(Seen seen) {
        if (seen.originateRefused()) {
            return CallStatus.FAILED;
        }
        if (!seen.ended()) {
            return seen.answered() ? CallStatus.IN_PROGRESS : CallStatus.RINGING;
        }
        if (seen.answered()) {
            return CallStatus.ANSWERED;
        }
        boolean busy = "BUSY".equals(seen.dialFailure());
        return switch (seen.direction() == null ? CallDirection.OUTBOUND : seen.direction()) {
            // the caller hung up before anyone answered, unless the PBX gave up first
            case INBOUND -> !seen.callerLeftQueue() && seen.missedEvidence() ? CallStatus.MISSED : CallStatus.ABANDONED;
            case INTERNAL -> busy ? CallStatus.BUSY : CallStatus.MISSED;
            case OUTBOUND -> busy ? CallStatus.BUSY : CallStatus.FAILED;
        };
    }
}
