package io.callcenter.crm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/kpis} as the contract has it: JSON or CSV, for managers and supervisors only, bad input named. */
class KpisApiIT extends ApplicationIT {

    @LocalServerPort int port;
    @Autowired CallLog callLog;

    private final LocalDate day = LocalDate.of(ThreadLocalRandom.current().nextInt(1990, 2000), 6, 15);

    @ParameterizedTest
    @CsvSource({"mia, 200", "sam, 200", "alice, 403", "admin, 403"})
    void managersAndSupervisorsReadTheReportsNobodyElse(String user, int status) throws Exception {
        assertThat(get(user, "/api/kpis?groupBy=agent", "application/json").statusCode()).isEqualTo(status);
    }

    @Test
    void aCallEndingIsInTheReportAsJsonAndAsCsv() throws Exception {
        var start = day.atTime(9, 30).atZone(ZoneId.of("Europe/Paris")).toInstant();
        callLog.record(new CallSnapshot("kpi-api-" + UUID.randomUUID(), CallDirection.INBOUND, CallStatus.ANSWERED, "5550170001",
                "Api Caller", "8005551000", "1001", "sales", start, start.plusSeconds(8), start.plusSeconds(98), "1001", null));
        String query = "/api/kpis?from=" + day + "&to=" + day + "&groupBy=queue&zone=Europe/Paris";

        // the rollup follows the call's end (the outbox delivers it)
        await().atMost(Duration.ofSeconds(20)).until(() -> json(get("mia", query, "application/json")).path("rows").size() == 1);
        JsonNode report = json(get("mia", query, "application/json"));
        assertThat(report.path("zone").asText()).isEqualTo("Europe/Paris");
        JsonNode row = report.path("rows").get(0);
        assertThat(row.path("key").asText()).isEqualTo("sales");
        assertThat(row.path("offered").asInt()).isEqualTo(1);
        assertThat(row.path("answerRatePct").asDouble()).isEqualTo(100.0);
        assertThat(row.path("asaSeconds").asLong()).isEqualTo(8);
        assertThat(row.path("serviceLevelPct").asDouble()).isEqualTo(100.0);
        assertThat(row.path("ahtSeconds").asLong()).isEqualTo(90);

        HttpResponse<String> csv = get("sam", query, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("kpis-" + day + "-" + day + "-by-queue.csv");
        assertThat(csv.body().lines().toList()).hasSize(2).element(1).asString().startsWith("sales,sales,1,1,0,0,0,100.0,0.0,100.0,8,90,");
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        assertProblem(get("mia", "/api/kpis?groupBy=week", "application/json"), "groupBy", "'week' is not one of agent, queue, day, hour, did");
        assertProblem(get("mia", "/api/kpis?from=yesterday", "application/json"), "from", "'yesterday' is not a date");
        assertProblem(get("mia", "/api/kpis?from=2026-02-10&to=2026-02-01", "application/json"), "to", "must not be before from");
        assertProblem(get("mia", "/api/kpis?zone=Mars/Olympus", "application/json"), "zone", "'Mars/Olympus' is no time zone");
        assertThat(post("alice", "/api/kpis/recount?from=2026-01-01&to=2026-01-02").statusCode()).isEqualTo(403);
        assertThat(post("mia", "/api/kpis/recount?from=" + day + "&to=" + day).statusCode()).isEqualTo(200);
    }

    private void assertProblem(HttpResponse<String> response, String field, String message) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(field).contains(message);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private HttpResponse<String> get(String user, String path, String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", basic(user)).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String user, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", basic(user)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }
}
