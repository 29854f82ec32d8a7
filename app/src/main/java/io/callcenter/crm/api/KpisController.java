package io.callcenter.crm.api;

import io.callcenter.crm.access.AccessPolicy;
import io.callcenter.crm.agents.Role;
import io.callcenter.crm.kpis.KpiCsv;
import io.callcenter.crm.kpis.KpiRollup;
import io.callcenter.crm.kpis.KpiRow;
import io.callcenter.crm.kpis.KpiSettings;
import io.callcenter.crm.kpis.Kpis;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.DateTimeException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The KPI reports (README, "KPI definitions"): managers and supervisors; agents and administrators 403. */
@RestController
@RequestMapping("/api/kpis")
@Tag(name = "KPIs")
class KpisController {

    /** A report: the period as read, and one row per group. */
    record KpiReport(LocalDate from, LocalDate to, String zone, String groupBy, List<KpiRow> rows) {
    }

    private final Kpis kpis;
    private final KpiRollup rollup;
    private final KpiSettings settings;
    private final AccessPolicy access;
    private final Clock clock;

    KpisController(Kpis kpis, KpiRollup rollup, KpiSettings settings, AccessPolicy access, Optional<Clock> clock) {
        this.kpis = kpis;
        this.rollup = rollup;
        this.settings = settings;
        this.access = access;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "KPI rows for local days from..to (both included, default the last 7), grouped by agent, queue, day, hour or did")
    KpiReport report(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     @RequestParam(defaultValue = "day") String groupBy, @RequestParam(required = false) String zone,
                     Authentication auth) {
        check(auth);
        Kpis.Period period = period(from, to, zone);
        Kpis.GroupBy group = groupBy(groupBy);
        return new KpiReport(period.from(), period.to(), period.zone().getId(), groupBy.toLowerCase(Locale.ROOT),
                kpis.report(period, group));
    }

    @GetMapping(produces = "text/csv")
    ResponseEntity<String> csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(defaultValue = "day") String groupBy, @RequestParam(required = false) String zone,
                               Authentication auth) {
        KpiReport report = report(from, to, groupBy, zone, auth);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"kpis-%s-%s-by-%s.csv\"".formatted(report.from(), report.to(),
                        report.groupBy()))
                .body(KpiCsv.of(report.rows()));
    }

    @PostMapping("/recount")
    @Operation(summary = "Recounts the rollups of local days from..to from the calls (after changing a KPI threshold); managers and admins")
    Map<String, Object> recount(@RequestParam String from, @RequestParam String to, @RequestParam(required = false) String zone,
                                Authentication auth) {
        var viewer = Forbidden.viewer(auth);
        if (!viewer.has(Role.MANAGER) && !viewer.has(Role.ADMIN)) {
            throw new Forbidden("managers and administrators recount the KPI rollups");
        }
        Kpis.Period period = period(from, to, zone);
        int rows = rollup.recount(period.start(), period.end());
        return Map.of("from", period.from(), "to", period.to(), "rows", rows);
    }

    private void check(Authentication auth) {
        if (!access.mayReadKpis(Forbidden.viewer(auth))) {
            throw new Forbidden("KPI reports are for managers and supervisors");
        }
    }

    private Kpis.Period period(String from, String to, String zone) {
        ZoneId z;
        try {
            z = zone == null || zone.isBlank() ? settings.zone() : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInputException("zone", "'" + zone + "' is no time zone (e.g. Europe/Paris)");
        }
        LocalDate today = LocalDate.now(clock.withZone(z));
        LocalDate t = to == null || to.isBlank() ? today : date("to", to, z);
        LocalDate f = from == null || from.isBlank() ? t.minusDays(6) : date("from", from, z);
        if (t.isBefore(f)) {
            throw new InvalidInputException("to", "must not be before from");
        }
        if (f.plusYears(2).isBefore(t)) {
            throw new InvalidInputException("to", "a report covers at most two years");
        }
        return new Kpis.Period(f, t, z);
    }

    /** A local day ({@code 2026-11-23}), or the day an instant falls on in the report's zone. */
    private static LocalDate date(String field, String value, ZoneId zone) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(value).atZoneSameInstant(zone).toLocalDate();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(value).atZone(zone).toLocalDate();
                } catch (DateTimeParseException e2) {
                    throw new InvalidInputException(field, "'" + value + "' is not a date (2026-11-23) or an instant");
                }
            }
        }
    }

    private static Kpis.GroupBy groupBy(String value) {
        try {
            return Kpis.GroupBy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("groupBy", "'" + value + "' is not one of agent, queue, day, hour, did");
        }
    }
}
