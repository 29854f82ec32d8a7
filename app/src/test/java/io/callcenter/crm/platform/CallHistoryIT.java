package io.callcenter.crm.platform;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.kpis.KpiRow;
import io.callcenter.crm.kpis.Kpis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated history (demo and benchmark) gives a dashboard whose figures are plausible and consistent. */
class CallHistoryIT extends ApplicationIT {

    @Autowired CallHistory history;
    @Autowired Kpis kpis;
    @Autowired JdbcClient jdbc;

    @Test
    void aWeekOfHistoryHasCallsShiftsAndFiguresThatAddUp() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        // Monday 3 March 1980 to Sunday 9 March: five working days and a weekend, a year no other test uses
        LocalDate monday = LocalDate.of(1980, 3, 3);
        long loaded = history.load(new CallHistory.Plan(monday, 7, zone, List.of("alice", "bob"), 200, 50, 1980L, false));
        Kpis.Period week = new Kpis.Period(monday, monday.plusDays(6), zone);

        KpiRow total = kpis.total(week);
        assertThat(loaded).isBetween(900L, 1300L);
        assertThat(total.offered() + total.shortAbandoned() + total.outbound()).as("every call counted once").isEqualTo((int) loaded);
        assertThat(total.serviceLevelPct()).isBetween(40.0, 100.0);
        assertThat(total.signedInSeconds()).as("2 agents x 5 days x about 9 h").isBetween(2 * 5 * 8 * 3600L, 2 * 5 * 10 * 3600L);
        assertThat(total.pausedSeconds()).as("about 1 h 10 a day each").isBetween(2 * 5 * 45 * 60L, 2 * 5 * 90 * 60L);
        assertThat(kpis.report(week, Kpis.GroupBy.AGENT)).filteredOn(r -> !r.key().isEmpty()).extracting(KpiRow::key)
                .containsExactly("alice", "bob")
                .allSatisfy(k -> assertThat(kpis.report(week, Kpis.GroupBy.AGENT).stream().filter(r -> r.key().equals(k))
                        .findFirst().orElseThrow().occupancyPct()).isBetween(20.0, 95.0));
        assertThat(kpis.report(new Kpis.Period(monday.plusDays(5), monday.plusDays(6), zone), Kpis.GroupBy.AGENT))
                .as("nobody works the weekend").allSatisfy(r -> assertThat(r.signedInSeconds()).isNull());
    }
}
