package io.callcenter.crm.kpis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KpiCsvTest {

    @Test
    void rowsAreQuotedWhereNeededAndFormulasDisarmed() {
        KpiRow row = new KpiRow("+18005551000", "=HYPERLINK(\"x\",\"Spring, sale\")", 10, 8, 1, 1, 1, 80.0, 10.0, 70.0, 12L, 250L,
                95, 62.5, 8, 3, 1800, 200, 2, 120, 1, 1, 3600L);
        String csv = KpiCsv.of(List.of(row, new KpiRow("", "(none)", 0, 0, 0, 0, 0, null, null, null, null, null, 0, null, 0, 0,
                0, 0, 0, 0, 0, 0, null)));

        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("key,label,offered,answered,abandoned,shortAbandoned,missed,answerRatePct");
        assertThat(lines.get(1)).startsWith("+18005551000,\"'=HYPERLINK(\"\"x\"\",\"\"Spring, sale\"\")\",10,8,1,1,1,80.0,10.0,70.0,12,250,95,62.5");
        assertThat(lines.get(2)).as("no figure without calls: empty, not 0").startsWith(",(none),0,0,0,0,0,,,,,,0,,");
        assertThat(csv).endsWith("\r\n");
    }
}
