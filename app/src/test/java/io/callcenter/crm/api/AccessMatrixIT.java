package io.callcenter.crm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import io.callcenter.crm.tasks.Tasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access rules (README, "Who may see what") through the REST API: role x resource x action, each
 * answered by the one access policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT extends ApplicationIT {

    @LocalServerPort int port;
    @Autowired CallLog callLog;
    @Autowired Tasks tasks;
    @Autowired ObjectMapper json;

    /** A contact with two calls (alice's and bob's), bob's internal call, and tasks for alice, bob and nobody. */
    private long contact;
    private long alicesCall;
    private long bobsCall;
    private long bobsInternalCall;
    private long alicesTask;
    private long unassignedTask;
    /** When the calls above started: their own second, so lists can be cut to them. */
    private final Instant start = Instant.now().minusSeconds(3_600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private final String window = "from=" + start + "&to=" + start.plusSeconds(1);

    @BeforeAll
    void givenCallsAndTasksOfTwoAgents() {
        String number = "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
        Call alices = record(CallDirection.INBOUND, number, "1001", true);
        contact = alices.contactId();
        alicesCall = alices.id();
        bobsCall = record(CallDirection.INBOUND, number, "1002", true).id();
        bobsInternalCall = record(CallDirection.INTERNAL, "1001", "1002", true).id();
        alicesTask = saved(tasks.createReminder(contact, null, "alice", Instant.now().plusSeconds(86_400), "alice's"));
        Call missed = record(CallDirection.INBOUND, number, null, false);
        unassignedTask = tasks.callbackFor(missed.id()).orElseThrow().id();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @CsvSource(delimiter = '|', value = {
            // calls across contacts: an agent's own; the floor's for supervisors and managers; none for an admin alone
            "alice | GET   | /api/calls                        |                          | 200",
            "sam   | GET   | /api/calls                        |                          | 200",
            "mia   | GET   | /api/calls                        |                          | 200",
            "admin | GET   | /api/calls                        |                          | 403",
            "alice | GET   | /api/calls?agent=bob              |                          | 403",
            "sam   | GET   | /api/calls?agent=bob              |                          | 200",
            // a contact's history: whole, for everyone who works with contacts
            "alice | GET   | /api/calls?contactId={contact}    |                          | 200",
            "admin | GET   | /api/calls?contactId={contact}    |                          | 403",
            "alice | GET   | /api/calls/{bobsCall}             |                          | 200",
            "alice | GET   | /api/calls/{bobsInternalCall}     |                          | 403",
            "bob   | GET   | /api/calls/{bobsInternalCall}     |                          | 200",
            "mia   | GET   | /api/calls/{bobsInternalCall}     |                          | 200",
            "admin | GET   | /api/calls/{alicesCall}           |                          | 403",
            // wrap-up: the agent on the call or a supervisor
            "alice | PATCH | /api/calls/{alicesCall}           | {\"disposition\":\"Sale\"} | 200",
            "bob   | PATCH | /api/calls/{alicesCall}           | {\"disposition\":\"Sale\"} | 403",
            "sam   | PATCH | /api/calls/{alicesCall}           | {\"disposition\":\"Sale\"} | 200",
            "mia   | PATCH | /api/calls/{alicesCall}           | {\"disposition\":\"Sale\"} | 403",
            "admin | PATCH | /api/calls/{alicesCall}           | {\"disposition\":\"Sale\"} | 403",
            "alice | PATCH | /api/calls/{alicesCall}           | {\"disposition\":\"Bribe\"} | 400",
            // tasks: an agent's own, a contact's, the floor's for supervisors and managers
            "alice | GET   | /api/tasks                        |                          | 200",
            "alice | GET   | /api/tasks?assignee=bob           |                          | 403",
            "alice | GET   | /api/tasks?contactId={contact}    |                          | 200",
            "mia   | GET   | /api/tasks?assignee=bob           |                          | 200",
            "admin | GET   | /api/tasks                        |                          | 403",
            // reminders: for oneself; for others only by a supervisor
            "alice | POST  | /api/tasks                        | {\"contactId\":{contact},\"dueAt\":\"2031-01-01T10:00:00Z\",\"note\":\"m\"} | 201",
            "alice | POST  | /api/tasks                        | {\"contactId\":{contact},\"dueAt\":\"2031-01-01T10:00:00Z\",\"assignee\":\"bob\"} | 403",
            "sam   | POST  | /api/tasks                        | {\"contactId\":{contact},\"dueAt\":\"2031-01-01T10:00:00Z\",\"assignee\":\"bob\"} | 201",
            "mia   | POST  | /api/tasks                        | {\"contactId\":{contact},\"dueAt\":\"2031-01-01T10:00:00Z\"} | 201",
            "mia   | POST  | /api/tasks                        | {\"contactId\":{contact},\"dueAt\":\"2031-01-01T10:00:00Z\",\"assignee\":\"bob\"} | 403",
            "admin | POST  | /api/tasks                        | {\"contactId\":{contact},\"dueAt\":\"2031-01-01T10:00:00Z\"} | 403",
            // changing a task: its assignee or a supervisor; handing it on: a supervisor
            "alice | PATCH | /api/tasks/{alicesTask}           | {\"note\":\"called twice\"} | 200",
            "bob   | PATCH | /api/tasks/{alicesTask}           | {\"note\":\"mine now\"}   | 403",
            "mia   | PATCH | /api/tasks/{alicesTask}           | {\"note\":\"checked\"}    | 403",
            "alice | PATCH | /api/tasks/{alicesTask}           | {\"assignee\":\"bob\"}    | 403",
            "alice | PATCH | /api/tasks/{unassignedTask}       | {\"status\":\"DONE\"}     | 403",
            "sam   | PATCH | /api/tasks/{unassignedTask}       | {\"assignee\":\"bob\"}    | 200",
            // contacts: everyone who works with callers, not an administrator alone
            "alice | GET   | /api/contacts/{contact}           |                          | 200",
            "mia   | GET   | /api/contacts?q=a                 |                          | 200",
            "admin | GET   | /api/contacts/{contact}           |                          | 403",
            "admin | POST  | /api/contacts                     | {\"name\":\"Admin's friend\"} | 403"})
    void theApiAnswersAsThePolicySays(String user, String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = send(user, method, fill(path), body == null ? null : fill(body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (status == 403) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        }
    }

    @Test
    void anAgentsCallListHoldsHerCallsOnlyWhileTheContactsHistoryHoldsEveryone() throws Exception {
        List<Long> alicesList = ids(get("alice", "/api/calls?" + window));
        assertThat(alicesList).contains(alicesCall).doesNotContain(bobsCall, bobsInternalCall);

        List<Long> history = ids(get("alice", "/api/calls?contactId=" + contact));
        assertThat(history).contains(alicesCall, bobsCall);

        assertThat(ids(get("sam", "/api/calls?" + window))).contains(alicesCall, bobsCall, bobsInternalCall);
    }

    @Test
    void anAgentsTaskListHoldsHerTasksOnly() throws Exception {
        JsonNode list = get("alice", "/api/tasks?limit=500");
        List<String> assignees = new ArrayList<>();
        list.forEach(t -> assignees.add(t.get("assignee").asText()));
        assertThat(assignees).isNotEmpty().containsOnly("alice");
    }

    private Call record(CallDirection direction, String remote, String extension, boolean answered) {
        return callLog.record(new CallSnapshot("access-" + UUID.randomUUID(), direction,
                answered ? CallStatus.ANSWERED : CallStatus.MISSED, remote, null,
                direction == CallDirection.INBOUND ? "8005551000" : null, extension, null, start,
                answered ? start.plusSeconds(4) : null, start.plusSeconds(60), extension, null)).call();
    }

    private static long saved(Tasks.Result result) {
        return ((Tasks.Result.Saved) result).task().id();
    }

    private String fill(String template) {
        return template.replace("{contact}", String.valueOf(contact))
                .replace("{alicesCall}", String.valueOf(alicesCall))
                .replace("{bobsCall}", String.valueOf(bobsCall))
                .replace("{bobsInternalCall}", String.valueOf(bobsInternalCall))
                .replace("{alicesTask}", String.valueOf(alicesTask))
                .replace("{unassignedTask}", String.valueOf(unassignedTask));
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(c -> ids.add(c.get("id").asLong()));
        return ids;
    }

    private JsonNode get(String user, String path) throws Exception {
        HttpResponse<String> response = send(user, "GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
