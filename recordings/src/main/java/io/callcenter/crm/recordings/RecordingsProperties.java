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
 * @param fetch       how files reach this application: {@code spool} (the PBX's folder is mounted at
 *                    {@code spool-dir}) or {@code ari} (fetched over Asterisk's REST interface into {@code spool-dir})
 * @param ari         where and how to reach ARI when {@code fetch=ari}
 */
@ConfigurationProperties("crm.recordings")
public record RecordingsProperties(@DefaultValue("/var/spool/asterisk/monitor") String asteriskDir, Path spoolDir,
                                   @DefaultValue("2s") Duration settle, @DefaultValue("2s") Duration poll,
                                   @DefaultValue("365") int retentionDays, Map<String, Integer> retentionDaysByQueue,
                                   @DefaultValue("spool") Fetch fetch, @DefaultValue Ari ari) {

    /** How recording files reach this application. */
    public enum Fetch { SPOOL, ARI }

    /**
     * {@code crm.recordings.ari.*}: Asterisk's REST interface, for {@code crm.recordings.fetch=ari}.
     *
     * @param url         ARI's address, e.g. {@code http://pbx:8088/ari}
     * @param readTimeout the longest wait for the next bytes of a file before the fetch is tried again later
     */
    public record Ari(java.net.URI url, String username, String password, @DefaultValue("5s") Duration connectTimeout,
                      @DefaultValue("30s") Duration readTimeout) {
    }

    public RecordingsProperties {
        if (fetch == Fetch.ARI) {
            if (ari == null || ari.url() == null) {
                throw new io.callcenter.crm.shared.InvalidSettingException("crm.recordings.ari.url",
                        "must be set when crm.recordings.fetch=ari (e.g. http://pbx:8088/ari)");
            }
            if (ari.username() == null || ari.username().isBlank() || ari.password() == null || ari.password().isBlank()) {
                throw new io.callcenter.crm.shared.InvalidSettingException("crm.recordings.ari.username",
                        "crm.recordings.ari.username and crm.recordings.ari.password must be set when crm.recordings.fetch=ari");
            }
        }
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
