package io.callcenter.crm.telephony;

import io.callcenter.crm.agents.AgentTime;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallEnded;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.calls.CallWrappedUp;
import io.callcenter.crm.outbox.FactConsumer;
import io.callcenter.crm.shared.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * After-call work as call centers run it: when an agent's answered call ends, the agent is paused in the
 * queues (reason {@value AgentTime#AFTER_CALL_WORK}) so the next caller waits for someone free rather than
 * for someone still typing, and available again when the wrap-up is saved or when
 * {@code crm.agents.after-call-work} has passed since the call's end, whichever comes first; both on the
 * PBX (QueuePause), both shown on the agent's status. An agent already paused for another reason stays as
 * they are. Driven by the call facts (at least once): each step checks where the agent stands first.
 */
@Component
public class AfterCallWork {

    private static final Logger log = LoggerFactory.getLogger(AfterCallWork.class);

    /** Ends an agent's after-call work at its limit, even across restarts (the application backs it with Quartz). */
    public interface Limit {
        void at(String agent, long callId, Instant when);
    }

    private final AgentStatus status;
    private final CallLog callLog;
    private final io.callcenter.crm.telephony.screenpop.ScreenPops screenPops;
    private final Optional<Limit> limits;
    private volatile Duration limit;
    private final java.time.Clock clock;

    AfterCallWork(AgentStatus status, CallLog callLog, Optional<Limit> limits,
                  @Value("${crm.agents.after-call-work:PT60S}") Duration limit, Optional<java.time.Clock> clock,
                  io.callcenter.crm.telephony.screenpop.ScreenPops screenPops) {
        this.screenPops = screenPops;
        this.clock = clock.orElse(java.time.Clock.systemUTC());
        if (limit.isNegative()) {
            throw new InvalidSettingException("crm.agents.after-call-work", "must not be negative, e.g. PT60S (PT0S: no after-call pause)");
        }
        this.status = status;
        this.callLog = callLog;
        this.limits = limits;
        this.limit = limit;
    }

    /** How long after a call's end the agent stays paused for its wrap-up, at most (zero: not paused). */
    public Duration limit() {
        return limit;
    }

    /** Changes the limit from the next call's end on (the setting is read at start; this changes it while running). */
    public void limit(Duration newLimit) {
        if (newLimit.isNegative()) {
            throw new IllegalArgumentException("the after-call work limit must not be negative: " + newLimit);
        }
        this.limit = newLimit;
    }

    void callEnded(CallEnded ended) {
        Duration limit = this.limit;
        if (limit.isZero() || ended.agent() == null || ended.status() != CallStatus.ANSWERED
                || ended.direction() == CallDirection.INTERNAL || ended.endedAt() == null) {
            return;
        }
        Instant until = ended.endedAt().plus(limit);
        if (!until.isAfter(clock.instant())) {
            return; // a late fact: the after-call work is already over
        }
        if (callLog.find(ended.callId()).map(c -> c.disposition() != null).orElse(true)) {
            return; // wrapped up already (or gone)
        }
        if (screenPops.handedOver(ended.agent(), ended.callId())) {
            return; // the agent transferred it out long before its end, and has been taking calls since
        }
        AgentStatus.Status now = status.of(ended.agent());
        if (now.availability() == AgentStatus.Availability.PAUSED && !AgentTime.AFTER_CALL_WORK.equals(now.reason())) {
            return; // paused by choice: that pause stands
        }
        AgentStatus.Change change = status.pause(ended.agent(), AgentTime.AFTER_CALL_WORK);
        if (!change.ok()) {
            log.warn("Could not pause {} for after-call work: {}", ended.agent(), change.message());
            return;
        }
        limits.ifPresent(l -> l.at(ended.agent(), ended.callId(), until));
    }

    void wrappedUp(CallWrappedUp done) {
        callLog.find(done.callId()).ifPresent(call -> end(done.agent(), call.endedAt()));
    }

    /** The limit passed for this call: back to available if the agent is still in its after-call work. */
    public void limitReached(String agent, long callId) {
        callLog.find(callId).ifPresent(call -> end(agent, call.endedAt()));
    }

    /** Ends the after-call work begun at the end of a call that ended at {@code callEnd}, if the agent is still in it. */
    private void end(String agent, Instant callEnd) {
        AgentStatus.Status now = status.of(agent);
        if (agent == null || callEnd == null || now.availability() != AgentStatus.Availability.PAUSED
                || !AgentTime.AFTER_CALL_WORK.equals(now.reason())) {
            return;
        }
        // an older call's wrap-up does not end the after-call work of a newer one
        if (now.since() != null && callEnd.isBefore(now.since().minusSeconds(5))) {
            return;
        }
        AgentStatus.Change change = status.resume(agent);
        if (!change.ok()) {
            log.warn("Could not end {}'s after-call work: {}", agent, change.message());
        }
    }

    @Component
    static class OnCallEnded implements FactConsumer<CallEnded> {
        private final AfterCallWork work;

        OnCallEnded(AfterCallWork work) {
            this.work = work;
        }

        @Override
        public Class<CallEnded> fact() {
            return CallEnded.class;
        }

        @Override
        public void accept(CallEnded ended) {
            work.callEnded(ended);
        }
    }

    @Component
    static class OnWrappedUp implements FactConsumer<CallWrappedUp> {
        private final AfterCallWork work;

        OnWrappedUp(AfterCallWork work) {
            this.work = work;
        }

        @Override
        public Class<CallWrappedUp> fact() {
            return CallWrappedUp.class;
        }

        @Override
        public void accept(CallWrappedUp done) {
            if (done.agent() != null) {
                work.wrappedUp(done);
            }
        }
    }
}
