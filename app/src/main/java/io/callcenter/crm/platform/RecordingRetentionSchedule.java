package io.callcenter.crm.platform;

import io.callcenter.crm.recordings.RecordingRetention;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Recordings past their retention are deleted nightly, by one node of the cluster (Quartz on PostgreSQL). */
@Configuration
class RecordingRetentionSchedule {

    @Bean
    JobDetail recordingRetentionJob() {
        return JobBuilder.newJob(RetentionJob.class).withIdentity("recording-retention", "recordings").storeDurably().build();
    }

    /** {@code crm.recordings.retention-cron} (Quartz cron), nightly at 03:00 by default. */
    @Bean
    Trigger recordingRetentionTrigger(JobDetail recordingRetentionJob,
                                      @Value("${crm.recordings.retention-cron:0 0 3 * * ?}") String cron) {
        return TriggerBuilder.newTrigger().forJob(recordingRetentionJob).withIdentity("recording-retention", "recordings")
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionFireAndProceed()).build();
    }

    @DisallowConcurrentExecution
    static class RetentionJob implements Job {

        @Autowired
        RecordingRetention retention;

        @Override
        public void execute(JobExecutionContext context) {
            retention.deleteExpired();
        }
    }
}
