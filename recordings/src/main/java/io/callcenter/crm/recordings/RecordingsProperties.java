package io.callcenter.crm.recordings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code crm.recordings.*}: where the PBX's recordings are found and how they are taken in.
 *
 * @param asteriskDir where MixMonitor writes, as the PBX names its files
 * @param spoolDir    the same folder as this application sees it (a shared mount); unset: {@code crm.data-dir/spool}
 * @param settle      a file unchanged this long is complete (MixMonitor may still write after the hang-up)
 * @param poll        how often each node looks for recordings to store
 */
@ConfigurationProperties("crm.recordings")
public record RecordingsProperties(@DefaultValue("/var/spool/asterisk/monitor") String asteriskDir, Path spoolDir,
                                   @DefaultValue("2s") Duration settle, @DefaultValue("2s") Duration poll) {
}
