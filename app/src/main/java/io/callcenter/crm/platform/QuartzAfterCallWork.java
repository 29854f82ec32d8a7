package io.callcenter.crm.platform;

import io.callcenter.crm.telephony.AfterCallWork;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * The end of an agent's after-call work at its limit, through Quartz on its clustered JDBC store: one node
 * ends it, and it still ends if the node that paused the agent went down meanwhile.
 */
@Component
class QuartzAfterCallWork implements AfterCallWork.Limit {

    private static final String GROUP = "after-call-work";

    private final Scheduler scheduler;

    QuartzAfterCallWork(@Lazy Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void at(String agent, long callId, Instant when) {
        JobDetail job = JobBuilder.newJob(LimitJob.class).withIdentity("acw-" + agent, GROUP)
                .usingJobData("agent", agent).usingJobData("callId", callId).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("acw-" + agent, GROUP).forJob(job).startAt(Date.from(when))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        try {
            // one limit per agent: a newer call's replaces an older one's
            scheduler.scheduleJob(job, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not schedule the end of " + agent + "'s after-call work: " + e.getMessage(), e);
        }
    }

    /** The limit passed. */
    static class LimitJob implements Job {

        @Autowired
        AfterCallWork work;

        @Override
        public void execute(JobExecutionContext context) {
            work.limitReached(context.getMergedJobDataMap().getString("agent"), context.getMergedJobDataMap().getLong("callId"));
        }
    }
}
