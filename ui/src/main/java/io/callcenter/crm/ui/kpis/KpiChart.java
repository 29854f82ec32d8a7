package io.callcenter.crm.ui.kpis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Calls per day or hour, answered, abandoned and missed as stacked bars, with the service level as a line,
 * drawn in the browser by Chart.js (MIT licence) through the {@code <kpi-chart>} element. A click on a bar
 * tells which day (hour) and which kind of call.
 */
@Tag("kpi-chart")
@NpmPackage(value = "chart.js", version = "4.5.1")
@JsModule("./kpi-chart.js")
class KpiChart extends Component implements HasSize {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One day or hour: its key (as in the KPI rows), short label (axis), long title (tooltip) and figures; the
     * service level null without calls.
     */
    record Point(String key, String label, String title, int answered, int abandoned, int missed, Double serviceLevelPct) {
    }

    private List<Point> points = List.of();

    KpiChart() {
        getElement().setAttribute("role", "figure");
    }

    void show(List<Point> points) {
        this.points = List.copyOf(points);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("labels", points.stream().map(Point::label).toList());
        spec.put("titles", points.stream().map(Point::title).toList());
        spec.put("answered", points.stream().map(Point::answered).toList());
        spec.put("abandoned", points.stream().map(Point::abandoned).toList());
        spec.put("missed", points.stream().map(Point::missed).toList());
        spec.put("serviceLevel", points.stream().map(Point::serviceLevelPct).toList());
        int answered = points.stream().mapToInt(Point::answered).sum();
        int abandoned = points.stream().mapToInt(Point::abandoned).sum();
        int missed = points.stream().mapToInt(Point::missed).sum();
        String summary = "%d answered, %d abandoned, %d missed".formatted(answered, abandoned, missed);
        spec.put("summary", summary);
        getElement().setAttribute("aria-label", summary);
        try {
            getElement().setProperty("spec", JSON.writeValueAsString(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the chart's figures could not be written as JSON", e);
        }
    }

    /** Called with the point clicked and the kind of call: {@code answered}, {@code abandoned} or {@code missed}. */
    void onBarClick(BiConsumer<Point, String> listener) {
        getElement().addEventListener("bar-click", e -> {
            int index = (int) e.getEventData().getNumber("event.detail.index");
            String series = e.getEventData().getString("event.detail.series");
            if (index >= 0 && index < points.size() && List.of("answered", "abandoned", "missed").contains(series)) {
                listener.accept(points.get(index), series);
            }
        }).addEventData("event.detail.index").addEventData("event.detail.series");
    }
}
