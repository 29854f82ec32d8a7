package io.callcenter.crm.recordings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code crm.recordings.*}: where the PBX's recordings are found and how they are taken in.
 *
 * @param asteriskDir where MixMonitor writes, as the PBX names its files
 * @param spoolDir    the same folder as this application sees it (a shared mount); unset: {@code crm.data-dir/spool}
 * @param settle      a file unchanged this long is complete (MixMonitor may still write after the hang-up)
 * @param poll        how often each node looks for recordings to store
 * @param retentionDays        how long a recording is kept, in days from its call's start
 * @param retentionDaysByQueue the same for the calls of one queue ({@code crm.recordings.retention-days-by-queue.sales=90})
 */
@ConfigurationProperties("crm.recordings")
public record RecordingsProperties(@DefaultValue("/var/spool/asterisk/monitor") String asteriskDir, Path spoolDir,
                                   @DefaultValue("2s") Duration settle, @DefaultValue("2s") Duration poll,
                                   @DefaultValue("365") int retentionDays, Map<String, Integer> retentionDaysByQueue) {

    public RecordingsProperties {
        if (retentionDays < 1) {
            throw new io.callcenter.crm.shared.InvalidSettingException("crm.recordings.retention-days", "must be at least 1 (days)");
        }
        retentionDaysByQueue = retentionDaysByQueue == null ? Map.of() : Map.copyOf(retentionDaysByQueue);
        retentionDaysByQueue.forEach((queue, days) -> {
            if (days == null || days < 1) {
                throw new io.callcenter.crm.shared.InvalidSettingException("crm.recordings.retention-days-by-queue." + queue,
                        "must be at least 1 (days)");
            }
        });
    }
}
