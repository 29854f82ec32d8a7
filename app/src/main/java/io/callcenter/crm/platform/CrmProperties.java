package io.callcenter.crm.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;

/**
 * {@code crm.*} settings of the application itself.
 *
 * @param dataDir     where embedded services keep their data
 * @param demo        demo users and sample data; never in production
 * @param admin       the first administrator, created when no administrator exists yet
 */
@Validated
@ConfigurationProperties("crm")
record CrmProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Demo demo, @DefaultValue Admin admin) {

    /**
     * @param historyDays with demo data, this many days of past calls before today (loaded once), so the
     *                    KPI dashboard has a history to show; 0 for none
     */
    record Demo(@DefaultValue("false") boolean enabled, @DefaultValue("0") int historyDays) {
    }

    /**
     * {@code crm.admin.username} / {@code crm.admin.password}: production has no default password, so
     * the first administrator is created from these (set them from the environment, once).
     */
    record Admin(@DefaultValue("admin") String username, String password) {
    }
}
