package io.callcenter.crm.kpis;

import io.callcenter.crm.shared.InvalidSettingException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * {@code crm.kpis.*}: the thresholds the KPI definitions name. Changing one changes what the stored rollups
 * mean: recount them (Administration, or {@code POST /api/kpis/recount}).
 */
@Component
public class KpiSettings {

    private final Duration serviceLevel;
    private final Duration shortAbandon;
    private final Duration firstCallWindow;
    private final ZoneId zone;

    KpiSettings(@Value("${crm.kpis.service-level:PT20S}") Duration serviceLevel,
                @Value("${crm.kpis.short-abandon:PT5S}") Duration shortAbandon,
                @Value("${crm.kpis.first-call-window:P7D}") Duration firstCallWindow,
                @Value("${crm.kpis.zone:}") String zone) {
        if (serviceLevel.isNegative() || serviceLevel.isZero()) {
            throw new InvalidSettingException("crm.kpis.service-level", "must be a positive duration, e.g. PT20S");
        }
        if (shortAbandon.isNegative()) {
            throw new InvalidSettingException("crm.kpis.short-abandon", "must not be negative, e.g. PT5S (PT0S: none)");
        }
        if (firstCallWindow.isNegative() || firstCallWindow.isZero()) {
            throw new InvalidSettingException("crm.kpis.first-call-window", "must be a positive duration, e.g. P7D");
        }
        this.serviceLevel = serviceLevel;
        this.shortAbandon = shortAbandon;
        this.firstCallWindow = firstCallWindow;
        try {
            this.zone = zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidSettingException("crm.kpis.zone", "'" + zone + "' is no time zone (e.g. America/New_York)");
        }
    }

    /** Answered within this wait counts for the service level (default 20 s). */
    public Duration serviceLevel() {
        return serviceLevel;
    }

    /** An abandon within this wait is a short abandon: counted apart, left out of offered (default 5 s). */
    public Duration shortAbandon() {
        return shortAbandon;
    }

    /** An answered call is resolved first time when its caller does not call again within this (default 7 days). */
    public Duration firstCallWindow() {
        return firstCallWindow;
    }

    /** The time zone reports use unless the user picks another (days and hours are local to it). */
    public ZoneId zone() {
        return zone;
    }
}
