package io.callcenter.crm.kpis;

import java.util.List;

/** KPI rows as CSV (RFC 4180): one header line with the API's field names, then one line per row. */
public final class KpiCsv {

    private static final String HEADER = "key,label,offered,answered,abandoned,shortAbandoned,missed,answerRatePct,"
            + "abandonRatePct,serviceLevelPct,asaSeconds,ahtSeconds,longestWaitSeconds,firstCallResolutionPct,handled,"
            + "ringsNotAnswered,talkSeconds,wrapUpSeconds,outbound,outboundTalkSeconds,callbacksCreated,callbacksDone,"
            + "timeToCallbackSeconds,signedInSeconds,pausedSeconds,occupancyPct";

    private KpiCsv() {
    }

    public static String of(List<KpiRow> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (KpiRow r : rows) {
            Object[] values = {r.key(), r.label(), r.offered(), r.answered(), r.abandoned(), r.shortAbandoned(), r.missed(),
                    r.answerRatePct(), r.abandonRatePct(), r.serviceLevelPct(), r.asaSeconds(), r.ahtSeconds(),
                    r.longestWaitSeconds(), r.firstCallResolutionPct(), r.handled(), r.ringsNotAnswered(), r.talkSeconds(),
                    r.wrapUpSeconds(), r.outbound(), r.outboundTalkSeconds(), r.callbacksCreated(), r.callbacksDone(),
                    r.timeToCallbackSeconds(), r.signedInSeconds(), r.pausedSeconds(), r.occupancyPct()};
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(field(values[i]));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String field(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        // a leading = + - @ makes a formula of a cell in a spreadsheet (a number such as +18005551000 stays as it is)
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(v instanceof Number) && !s.matches("[+-]?[0-9.]+")) {
            s = "'" + s;
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
