package io.callcenter.crm.ui.kpis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KpiDrillDownTest {

    @Test
    void aFigureOpensTheCallsItCounts() {
        assertThat(KpiDashboardView.statusBehind("abandonRatePct")).isEqualTo("ABANDONED");
        assertThat(KpiDashboardView.statusBehind("shortAbandoned")).as("short abandons are abandoned calls too").isEqualTo("ABANDONED");
        assertThat(KpiDashboardView.statusBehind("missed")).isEqualTo("MISSED");
        assertThat(KpiDashboardView.statusBehind("ahtSeconds")).isEqualTo("ANSWERED");
        assertThat(KpiDashboardView.statusBehind("talkSeconds")).isEqualTo("ANSWERED");
        assertThat(KpiDashboardView.statusBehind("offered")).as("every kind").isNull();
        assertThat(KpiDashboardView.statusBehind("label")).isNull();
        assertThat(KpiDashboardView.statusBehind(null)).isNull();
    }
}
