package io.callcenter.crm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The calls API: filters, paging, and agents listing only their own calls (the access rules: AccessMatrixIT). */
class CallsApiIT extends ApplicationIT {

    @LocalServerPort int port;
    @Autowired CallLog callLog;
    @Autowired ObjectMapper json;

    @Test
    void filtersByAgentDirectionStatusAndDateAndKeepsAgentsToTheirOwnCalls() throws Exception {
        // given three finished calls in a past hour of their own
        Instant hour = Instant.parse("2025-03-04T10:00:00Z");
        long aliceAnswered = record("alice-in", CallDirection.INBOUND, "1001", hour.plusSeconds(60), true);
        long bobOut = record("bob-out", CallDirection.OUTBOUND, "1002", hour.plusSeconds(120), true);
        long missed = record("nobody", CallDirection.INBOUND, null, hour.plusSeconds(180), false);
        String window = "from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS);

        JsonNode all = get("sam", "/api/calls?" + window);
        assertThat(ids(all)).containsExactly(missed, bobOut, aliceAnswered);
        assertThat(all.get("total").asInt()).isEqualTo(3);
        assertThat(ids(get("sam", "/api/calls?" + window + "&agent=bob"))).containsExactly(bobOut);
        assertThat(ids(get("sam", "/api/calls?" + window + "&direction=INBOUND"))).containsExactly(missed, aliceAnswered);
        assertThat(ids(get("sam", "/api/calls?" + window + "&status=MISSED"))).containsExactly(missed);
        assertThat(ids(get("sam", "/api/calls?" + window + "&limit=1&offset=1"))).containsExactly(bobOut);

        JsonNode call = get("sam", "/api/calls/" + aliceAnswered);
        assertThat(call.get("agent").asText()).isEqualTo("alice");
        assertThat(call.get("waitSeconds").asLong()).isEqualTo(5);
        assertThat(call.get("talkSeconds").asLong()).isEqualTo(30);
        assertThat(call.get("endApproximate").asBoolean()).isFalse();
        assertThat(call.get("remoteNumber").asText()).startsWith("+1555");

        // an agent lists her own calls only; bob's call is hers to read as part of its contact's history
        assertThat(ids(get("alice", "/api/calls?" + window))).containsExactly(aliceAnswered);
        assertThat(send("alice", "/api/calls?agent=bob").statusCode()).isEqualTo(403);
        assertThat(send("alice", "/api/calls/" + bobOut).statusCode()).isEqualTo(200);
        // the missed call that rang nobody is nobody's
        assertThat(ids(get("bob", "/api/calls?" + window))).containsExactly(bobOut);
        assertThat(send("sam", "/api/calls?status=TALKING").statusCode()).isEqualTo(400);
        assertThat(send("sam", "/api/calls?from=" + hour + "&to=" + hour).statusCode()).isEqualTo(400);
    }

    @Test
    void anAgentListsHerCallsStillToWrapUpAndAWrapUpTakesOneOff() throws Exception {
        Instant start = Instant.now().minusSeconds(600);
        long toWrapUp = record("pending", CallDirection.INBOUND, "1002", start, true);
        long internal = record("internal", CallDirection.INTERNAL, "1002", start.plusSeconds(60), true);
        long missed = record("missed", CallDirection.INBOUND, "1002", start.plusSeconds(120), false);

        java.util.List<Long> pending = ids(get("bob", "/api/calls?wrapUp=pending&limit=200"));
        assertThat(pending).contains(toWrapUp).doesNotContain(internal, missed);
        assertThat(ids(get("alice", "/api/calls?wrapUp=pending&limit=200"))).as("her own only").doesNotContain(toWrapUp);

        HttpResponse<String> saved = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/calls/" + toWrapUp))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("bob:demo".getBytes(StandardCharsets.UTF_8))).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"disposition\": \"Sale\", \"note\": \"done later\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(ids(get("bob", "/api/calls?wrapUp=pending&limit=200"))).doesNotContain(toWrapUp);
        assertThat(send("bob", "/api/calls?wrapUp=done").statusCode()).isEqualTo(400);
    }

    private long record(String tag, CallDirection direction, String ext, Instant start, boolean answered) {
        String number = "555" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
        CallSnapshot s = new CallSnapshot("test-" + tag + "-" + UUID.randomUUID(), direction,
                answered ? CallStatus.ANSWERED : CallStatus.MISSED, number, null, direction == CallDirection.INBOUND ? "8005551000" : null,
                ext, null, start, answered ? start.plusSeconds(5) : null, start.plusSeconds(35), ext, null);
        return callLog.record(s).call().id();
    }

    private static java.util.List<Long> ids(JsonNode page) {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        page.get("items").forEach(c -> ids.add(c.get("id").asLong()));
        return ids;
    }

    private JsonNode get(String user, String path) throws Exception {
        HttpResponse<String> response = send(user, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String user, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
