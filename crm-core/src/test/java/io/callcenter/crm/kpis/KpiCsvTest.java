package io.callcenter.crm.kpis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KpiCsvTest {

    @Test
    void rowsAreQuotedWhereNeededAndFormulasDisarmed() {
        KpiRow row = new KpiRow("+18005551000", "=HYPERLINK(\"x\",\"Spring, sale\")", 10, 8, 1, 1, 1, 80.0, 10.0, 70.0, 12L, 250L,
                95, 62.5, 8, 3, 1800, 200, 2, 120, 1, 1, 3600L, null, null, null).withAgentTime(7200, 1800);
        String csv = KpiCsv.of(List.of(row, KpiRow.noCalls("", "(none)")));

        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("key,label,offered,answered,abandoned,shortAbandoned,missed,answerRatePct");
        assertThat(lines.get(1)).startsWith("+18005551000,\"'=HYPERLINK(\"\"x\"\",\"\"Spring, sale\"\")\",10,8,1,1,1,80.0,10.0,70.0,12,250,95,62.5");
        assertThat(lines.get(1)).as("talk 1800 + outbound 120 + wrap-up 200 of 7200 - 1800 s").endsWith(",7200,1800,39.3");
        assertThat(lines.get(2)).as("no figure without calls: empty, not 0").startsWith(",(none),0,0,0,0,0,,,,,,0,,")
                .endsWith(",,,");
        assertThat(csv).endsWith("\r\n");
    }

    @Test
    void occupancyIsHandleTimeOverTimeNotPausedAtMostAllOfIt() {
        KpiRow busy = KpiRow.noCalls("alice", "Alice");
        assertThat(busy.withAgentTime(3600, 600).occupancyPct()).as("no calls, 50 min free").isEqualTo(0.0);
        assertThat(busy.withAgentTime(600, 600).occupancyPct()).as("paused all the time: nothing to divide by").isNull();
        KpiRow calls = new KpiRow("bob", "Bob", 3, 3, 0, 0, 0, 100.0, 0.0, 100.0, 5L, 500L, 9, 100.0, 3, 0, 1400, 100, 0, 0,
                0, 0, null, null, null, null);
        assertThat(calls.withAgentTime(3000, 0).occupancyPct()).isEqualTo(50.0);
        assertThat(calls.withAgentTime(1000, 0).occupancyPct()).as("calls taken while signed out").isEqualTo(100.0);
    }
}
