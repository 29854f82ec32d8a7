package io.callcenter.crm.ui.kpis;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.StreamResource;
import io.callcenter.crm.kpis.KpiCsv;
import io.callcenter.crm.kpis.KpiDefinitions;
import io.callcenter.crm.kpis.KpiRow;
import io.callcenter.crm.kpis.KpiSettings;
import io.callcenter.crm.kpis.Kpis;
import io.callcenter.crm.ui.Formats;
import io.callcenter.crm.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The managers' dashboard: a period (presets or dates, in a chosen time zone), the KPI tiles with the
 * previous period of the same length beside them, calls per day (or hour, for one day) answered and not,
 * and a table by agent, queue, campaign, day or hour, sortable by any figure and downloadable as CSV.
 * Every figure explains its definition on hover.
 */
@Route(value = "kpis", layout = MainLayout.class)
@PageTitle("KPIs · Call-Center CRM")
@RolesAllowed({"MANAGER", "SUPERVISOR"})
public class KpiDashboardView extends VerticalLayout {

    enum Preset {
        TODAY("Today"), YESTERDAY("Yesterday"), LAST_7("Last 7 days"), LAST_30("Last 30 days"), THIS_MONTH("This month"),
        LAST_MONTH("Last month"), CUSTOM("Custom");

        final String label;

        Preset(String label) {
            this.label = label;
        }
    }

    final Select<Preset> preset = new Select<>();
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final ComboBox<String> zone = new ComboBox<>("Time zone");
    final Select<Kpis.GroupBy> groupBy = new Select<>();
    final Div tiles = new Div();
    final Div chart = new Div();
    final KpiChart barChart = new KpiChart();
    private final H3 chartTitle = new H3();
    final Grid<KpiRow> table = new Grid<>(KpiRow.class, false);
    final Anchor download = new Anchor();

    private final Kpis kpis;
    private final Map<String, String> definitions;
    private final Clock clock;
    private boolean applyingPreset;

    public KpiDashboardView(Kpis kpis, KpiSettings settings, Optional<Clock> clock) {
        this.kpis = kpis;
        this.definitions = KpiDefinitions.of(settings);
        this.clock = clock.orElse(Clock.systemUTC());
        setWidthFull();
        addClassName("kpi-dashboard");

        preset.setId("kpi-preset");
        preset.setLabel("Period");
        preset.setItems(Preset.values());
        preset.setItemLabelGenerator(p -> p.label);
        from.setId("kpi-from");
        to.setId("kpi-to");
        from.setWidth("10em");
        to.setWidth("10em");
        zone.setId("kpi-zone");
        zone.setItems(ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/") && !z.startsWith("Etc/")).sorted().toList());
        if (!ZoneId.getAvailableZoneIds().contains(settings.zone().getId()) || !settings.zone().getId().contains("/")
                || settings.zone().getId().startsWith("Etc/")) {
            zone.setItems(java.util.stream.Stream.concat(java.util.stream.Stream.of(settings.zone().getId()),
                    ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/") && !z.startsWith("Etc/")).sorted()).toList());
        }
        zone.setValue(settings.zone().getId());
        zone.setWidth("14em");
        groupBy.setId("kpi-group");
        groupBy.setLabel("Table by");
        groupBy.setItems(Kpis.GroupBy.values());
        groupBy.setItemLabelGenerator(g -> switch (g) {
            case AGENT -> "Agent";
            case QUEUE -> "Queue";
            case DID -> "Campaign (number dialled)";
            case DAY -> "Day";
            case HOUR -> "Hour";
        });
        groupBy.setValue(Kpis.GroupBy.AGENT);
        preset.addValueChangeListener(e -> {
            if (e.getValue() != null && e.getValue() != Preset.CUSTOM) {
                applyPreset(e.getValue());
            }
        });
        from.addValueChangeListener(e -> changedByHand());
        to.addValueChangeListener(e -> changedByHand());
        zone.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                refresh();
            }
        });
        groupBy.addValueChangeListener(e -> refresh());

        download.setId("kpi-download");
        download.add(VaadinIcon.DOWNLOAD_ALT.create(), new Span(" CSV"));
        download.getElement().setAttribute("download", true);

        HorizontalLayout toolbar = new HorizontalLayout(new H2("KPIs"), preset, from, to, zone);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        toolbar.getStyle().set("flex-wrap", "wrap");
        toolbar.setWidthFull();
        toolbar.addClassName("toolbar");

        tiles.setId("kpi-tiles");
        tiles.addClassName("kpi-tiles");
        chart.setId("kpi-chart");
        chart.addClassName("kpi-chart");
        chartTitle.setTitle(definitions.get("serviceLevelPct"));
        barChart.addClassName("kpi-bars");
        barChart.setWidthFull();
        // a bar opens the calls behind it: that day (hour's day), that kind of call
        barChart.onBarClick((point, series) -> period().ifPresent(p -> drillDown(p,
                point.key().length() > 10 ? Kpis.GroupBy.HOUR : Kpis.GroupBy.DAY, point.key(), series.toUpperCase(Locale.ROOT))));
        chart.add(chartTitle, barChart);

        table.setId("kpi-table");
        table.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        table.setMultiSort(true);
        table.addColumn(KpiRow::label).setHeader("").setKey("label").setSortable(true).setAutoWidth(true).setFrozen(true)
                .setComparator(Comparator.comparing(KpiRow::label));
        column("offered", "Offered", r -> (long) r.offered(), Object::toString);
        column("answered", "Answered", r -> (long) r.answered(), Object::toString);
        column("answerRatePct", "Answer rate", r -> r.answerRatePct(), KpiDashboardView::pct);
        column("serviceLevelPct", "Service level", r -> r.serviceLevelPct(), KpiDashboardView::pct);
        column("asaSeconds", "ASA", r -> r.asaSeconds(), v -> Formats.duration((Long) v));
        column("ahtSeconds", "AHT", r -> r.ahtSeconds(), v -> Formats.duration((Long) v));
        column("abandoned", "Abandoned", r -> (long) r.abandoned(), Object::toString);
        column("abandonRatePct", "Abandon rate", r -> r.abandonRatePct(), KpiDashboardView::pct);
        column("shortAbandoned", "Short abandons", r -> (long) r.shortAbandoned(), Object::toString);
        column("missed", "Missed", r -> (long) r.missed(), Object::toString);
        column("longestWaitSeconds", "Longest wait", r -> r.longestWaitSeconds(), v -> Formats.duration((Long) v));
        column("firstCallResolutionPct", "First-call resolution", r -> r.firstCallResolutionPct(), KpiDashboardView::pct);
        column("ringsNotAnswered", "Rings not answered", r -> (long) r.ringsNotAnswered(), Object::toString);
        column("talkSeconds", "Talk", r -> r.talkSeconds(), v -> Formats.duration((Long) v));
        column("wrapUpSeconds", "Wrap-up", r -> r.wrapUpSeconds(), v -> Formats.duration((Long) v));
        column("outbound", "Outbound", r -> (long) r.outbound(), Object::toString);
        column("callbacksDone", "Call-backs done", r -> (long) r.callbacksDone(), Object::toString);
        column("timeToCallbackSeconds", "Time to call back", r -> r.timeToCallbackSeconds(), v -> Formats.duration((Long) v));
        column("signedInSeconds", "Signed in", r -> r.signedInSeconds(), v -> Formats.duration((Long) v));
        column("pausedSeconds", "Paused", r -> r.pausedSeconds(), v -> Formats.duration((Long) v));
        column("occupancyPct", "Occupancy", r -> r.occupancyPct(), KpiDashboardView::pct);
        table.setEmptyStateText("No calls in this period.");
        // a row opens the calls behind it; a figure's cell, the calls of its kind (abandoned, answered...)
        table.addItemClickListener(e -> period().ifPresent(p -> drillDown(p, groupBy.getValue(), e.getItem().key(),
                e.getColumn() == null ? null : statusBehind(e.getColumn().getKey()))));
        table.setWidthFull();

        HorizontalLayout tableBar = new HorizontalLayout(new H3("Breakdown"), groupBy, download);
        tableBar.setAlignItems(FlexComponent.Alignment.BASELINE);

        add(toolbar, tiles, chart, tableBar, table);
        preset.setValue(Preset.LAST_7);
    }

    private <T extends Comparable<? super T>> void column(String key, String header, Function<KpiRow, T> value,
                                                         Function<Object, String> format) {
        Span title = new Span(header);
        title.setTitle(definitions.getOrDefault(key, ""));
        table.addColumn(r -> {
                    T v = value.apply(r);
                    return v == null ? "–" : format.apply(v);
                }).setHeader(title).setKey(key).setTextAlign(ColumnTextAlign.END).setSortable(true).setFlexGrow(0)
                // wide enough for the whole header and its sort arrows
                .setWidth(String.format(Locale.ROOT, "%.1frem", Math.max(5.5, header.length() * 0.6 + 2.8)))
                .setComparator(Comparator.comparing(value, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private void applyPreset(Preset p) {
        LocalDate today = LocalDate.now(clock.withZone(zoneId()));
        LocalDate f;
        LocalDate t = today;
        switch (p) {
            case TODAY -> f = today;
            case YESTERDAY -> {
                f = today.minusDays(1);
                t = f;
            }
            case LAST_7 -> f = today.minusDays(6);
            case LAST_30 -> f = today.minusDays(29);
            case THIS_MONTH -> f = today.withDayOfMonth(1);
            case LAST_MONTH -> {
                f = today.withDayOfMonth(1).minusMonths(1);
                t = today.withDayOfMonth(1).minusDays(1);
            }
            default -> {
                return;
            }
        }
        applyingPreset = true;
        from.setValue(f);
        to.setValue(t);
        applyingPreset = false;
        refresh();
    }

    private void changedByHand() {
        if (!applyingPreset) {
            preset.setValue(Preset.CUSTOM);
            refresh();
        }
    }

    private ZoneId zoneId() {
        return zone.getValue() == null ? ZoneId.systemDefault() : ZoneId.of(zone.getValue());
    }

    /** The period the fields say, or empty while they say none. */
    Optional<Kpis.Period> period() {
        if (from.getValue() == null || to.getValue() == null || to.getValue().isBefore(from.getValue())) {
            return Optional.empty();
        }
        return Optional.of(new Kpis.Period(from.getValue(), to.getValue(), zoneId()));
    }

    void refresh() {
        Optional<Kpis.Period> chosen = period();
        to.setInvalid(from.getValue() != null && to.getValue() != null && to.getValue().isBefore(from.getValue()));
        to.setErrorMessage("The period ends before it starts");
        if (chosen.isEmpty()) {
            return;
        }
        Kpis.Period period = chosen.get();
        KpiRow now = kpis.total(period);
        KpiRow before = kpis.total(period.previous());
        tiles.removeAll();
        tiles.add(tile("offered", "Offered", now.offered(), before.offered(), String::valueOf, true),
                tile("answerRatePct", "Answer rate", now.answerRatePct(), before.answerRatePct(), KpiDashboardView::pct, true),
                tile("serviceLevelPct", "Service level", now.serviceLevelPct(), before.serviceLevelPct(), KpiDashboardView::pct, true),
                tile("asaSeconds", "ASA", now.asaSeconds(), before.asaSeconds(), v -> Formats.duration(v), false),
                tile("ahtSeconds", "AHT", now.ahtSeconds(), before.ahtSeconds(), v -> Formats.duration(v), false),
                tile("abandonRatePct", "Abandon rate", now.abandonRatePct(), before.abandonRatePct(), KpiDashboardView::pct, false),
                tile("shortAbandoned", "Short abandons", now.shortAbandoned(), before.shortAbandoned(), String::valueOf, false),
                tile("longestWaitSeconds", "Longest wait", now.longestWaitSeconds(), before.longestWaitSeconds(),
                        v -> Formats.duration(v), false),
                tile("firstCallResolutionPct", "First-call resolution", now.firstCallResolutionPct(),
                        before.firstCallResolutionPct(), KpiDashboardView::pct, true),
                tile("callbacksDone", "Call-backs done", now.callbacksDone(), before.callbacksDone(), String::valueOf, true),
                tile("occupancyPct", "Occupancy", now.occupancyPct(), before.occupancyPct(), KpiDashboardView::pct, true),
                tile("pausedSeconds", "Pause time", now.pausedSeconds(), before.pausedSeconds(), v -> Formats.duration(v), false));
        boolean oneDay = period.from().equals(period.to());
        Map<String, KpiRow> byKey = new java.util.HashMap<>();
        kpis.report(period, oneDay ? Kpis.GroupBy.HOUR : Kpis.GroupBy.DAY).forEach(r -> byKey.put(r.key(), r));
        // every day (or hour) of the period gets its bar, an empty one when it had no calls
        List<String> keys = new java.util.ArrayList<>();
        if (oneDay) {
            for (int h = 0; h < 24; h++) {
                keys.add(period.from() + String.format(Locale.ROOT, "T%02d:00", h));
            }
        } else {
            for (LocalDate d = period.from(); !d.isAfter(period.to()); d = d.plusDays(1)) {
                keys.add(d.toString());
            }
        }
        java.time.format.DateTimeFormatter dayLabel = java.time.format.DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
        java.time.format.DateTimeFormatter dayTitle = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
        List<KpiChart.Point> points = keys.stream().map(k -> {
            KpiRow r = byKey.get(k);
            String label = oneDay ? k.substring(11, 13) + "h" : LocalDate.parse(k).format(dayLabel);
            String title = oneDay ? k.substring(11) + " to " + String.format(Locale.ROOT, "%02d:00", (Integer.parseInt(k.substring(11, 13)) + 1) % 24)
                    : LocalDate.parse(k).format(dayTitle);
            return r == null ? new KpiChart.Point(k, label, title, 0, 0, 0, null)
                    : new KpiChart.Point(k, label, title, r.answered(), r.abandoned() + r.shortAbandoned(), r.missed(), r.serviceLevelPct());
        }).toList();
        chartTitle.setText(oneDay ? "Calls per hour, and the service level" : "Calls per day, and the service level");
        barChart.show(points);
        List<KpiRow> rows = kpis.report(period, groupBy.getValue() == null ? Kpis.GroupBy.AGENT : groupBy.getValue());
        table.setItems(rows);
        // short tables whole; long ones (days over months) scroll inside
        table.setAllRowsVisible(rows.size() <= 40);
        if (rows.size() > 40) {
            table.setHeight("32em");
        }
        String name = "kpis-%s-%s-by-%s.csv".formatted(period.from(), period.to(),
                groupBy.getValue().name().toLowerCase(Locale.ROOT));
        download.setHref(new StreamResource(name, () -> new java.io.ByteArrayInputStream(
                KpiCsv.of(rows).getBytes(StandardCharsets.UTF_8))));
    }

    /** Opens Calls filtered to the calls behind a figure: the period, the row's group, the figure's kind of call. */
    void drillDown(Kpis.Period p, Kpis.GroupBy group, String key, String status) {
        Map<String, String> q = new java.util.LinkedHashMap<>();
        LocalDate f = p.from();
        LocalDate t = p.to();
        if (group == Kpis.GroupBy.DAY || group == Kpis.GroupBy.HOUR) {
            f = LocalDate.parse(key.substring(0, 10));
            t = f;
        }
        q.put("from", f.toString());
        q.put("to", t.toString());
        q.put("zone", p.zone().getId());
        if (group != null && key != null && !key.isEmpty()) {
            switch (group) {
                case AGENT -> q.put("agent", key);
                case QUEUE -> q.put("queue", key);
                case DID -> q.put("did", key);
                default -> { }
            }
        }
        q.put("direction", "INBOUND");
        if (status != null) {
            q.put("status", status);
        }
        getUI().ifPresent(ui -> ui.navigate("calls", com.vaadin.flow.router.QueryParameters.simple(q)));
    }

    /** A figure with the previous period's beside it, green or red as the change is good or bad. */
    private <T extends Number> Div tile(String key, String title, T now, T before, Function<T, String> format, boolean higherIsBetter) {
        Span name = new Span(title);
        name.addClassName("kpi-name");
        Span value = new Span(now == null ? "–" : format.apply(now));
        value.addClassName("kpi-value");
        Span previous = new Span("previous: " + (before == null ? "–" : format.apply(before)));
        previous.addClassName("kpi-previous");
        if (now != null && before != null && now.doubleValue() != before.doubleValue()) {
            boolean up = now.doubleValue() > before.doubleValue();
            previous.addClassName(up == higherIsBetter ? "better" : "worse");
            previous.setText((up ? "▲ " : "▼ ") + previous.getText());
        }
        Div tile = new Div(name, value, previous);
        tile.addClassName("kpi-tile");
        String status = statusBehind(key);
        if (key.equals("occupancyPct") || key.equals("pausedSeconds")) {
            // agents' figures: the table by agent shows whose they are
            tile.addClickListener(e -> {
                groupBy.setValue(Kpis.GroupBy.AGENT);
                table.scrollIntoView();
            });
        } else {
            tile.addClickListener(e -> period().ifPresent(p -> drillDown(p, null, null, status)));
        }
        tile.getElement().setAttribute("kpi", key);
        tile.setTitle(definitions.getOrDefault(key, ""));
        return tile;
    }

    /** The kind of call a figure counts, for its drill-down: null when it counts every kind. */
    static String statusBehind(String figure) {
        return figure == null ? null : switch (figure) {
            case "abandoned", "abandonRatePct", "shortAbandoned" -> "ABANDONED";
            case "missed" -> "MISSED";
            case "answered", "asaSeconds", "ahtSeconds", "firstCallResolutionPct", "handled", "talkSeconds", "wrapUpSeconds" ->
                    "ANSWERED";
            default -> null;
        };
    }

    private static String pct(Object v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f %%", ((Number) v).doubleValue());
    }
}
