package io.callcenter.crm.platform;

import io.callcenter.crm.recordings.RecordingOrphans;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Duration;

/** Recording files no call claims are looked for every {@code crm.recordings.orphan-scan} by one node (Quartz). */
@Configuration
class RecordingOrphanSchedule {

    @Bean
    JobDetail recordingOrphanJob() {
        return JobBuilder.newJob(OrphanJob.class).withIdentity("recording-orphans", "recordings").storeDurably().build();
    }

    @Bean
    Trigger recordingOrphanTrigger(JobDetail recordingOrphanJob,
                                   @Value("${crm.recordings.orphan-scan:PT10M}") Duration every) {
        return TriggerBuilder.newTrigger().forJob(recordingOrphanJob).withIdentity("recording-orphans", "recordings")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(every.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount()).build();
    }

    @DisallowConcurrentExecution
    static class OrphanJob implements Job {

        private static final Logger log = LoggerFactory.getLogger(OrphanJob.class);

        @Autowired
        RecordingOrphans orphans;

        @Override
        public void execute(JobExecutionContext context) {
            try {
                RecordingOrphans.Scan scan = orphans.scan();
                if (scan.matched() > 0 || scan.unclaimed() > 0) {
                    log.info("Recording files: {} on the PBX, {} matched to their calls, {} no call claims", scan.files(),
                            scan.matched(), scan.unclaimed());
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Could not look for recordings no call claims ({}); trying again at the next scan", e.toString());
            }
        }
    }
}
