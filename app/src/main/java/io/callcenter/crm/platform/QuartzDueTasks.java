package io.callcenter.crm.platform;

import io.callcenter.crm.tasks.DueTaskScheduler;
import io.callcenter.crm.tasks.Task;
import io.callcenter.crm.tasks.TaskDue;
import io.callcenter.crm.tasks.Tasks;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
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
 * Reminders fire through Quartz on its JDBC store in PostgreSQL, clustered: one node fires each, it
 * survives restarts, and a reminder due while every node was down fires as soon as one is back.
 */
@Component
class QuartzDueTasks implements DueTaskScheduler {

    private static final String GROUP = "tasks-due";

    private final Scheduler scheduler;

    QuartzDueTasks(@Lazy Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void schedule(long taskId, Instant dueAt) {
        JobDetail job = JobBuilder.newJob(TaskDueJob.class).withIdentity(key(taskId)).usingJobData("taskId", taskId).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity("task-" + taskId, GROUP).forJob(job)
                .startAt(Date.from(dueAt))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(job, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not schedule task " + taskId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(long taskId) {
        try {
            scheduler.deleteJob(key(taskId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not cancel task " + taskId + ": " + e.getMessage(), e);
        }
    }

    private static JobKey key(long taskId) {
        return JobKey.jobKey("task-" + taskId, GROUP);
    }

    /** Announces a task that fell due, if nobody closed it meanwhile. */
    static class TaskDueJob implements Job {

        @Autowired
        Tasks tasks;

        @Autowired
        ClusterEventBus bus;

        @Override
        public void execute(JobExecutionContext context) {
            long taskId = context.getMergedJobDataMap().getLong("taskId");
            tasks.find(taskId).filter(t -> t.status() == Task.TaskStatus.OPEN).map(TaskDue::of).ifPresent(bus::publish);
        }
    }
}
