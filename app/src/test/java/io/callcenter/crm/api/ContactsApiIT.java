package io.callcenter.crm.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callcenter.crm.ApplicationIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ContactsApiIT extends ApplicationIT {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void contactCreatedWithOneFormOfANumberIsFoundByEveryOtherForm() throws Exception {
        // given
        Response created = send("POST", "/api/contacts", "alice", """
                {"name": "Jane Roe", "company": "Acme", "phones": ["(555) 010-2030"], "email": "jane@acme.example"}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("phones").get(0).asText()).isEqualTo("+15550102030");
        long id = created.body().get("id").asLong();

        // when / then
        for (String form : new String[]{"+15550102030", "555-010-2030", "1 555 010 2030", "(555) 010-2030"}) {
            Response found = send("GET", "/api/contacts?phone=" + URLEncoder.encode(form, StandardCharsets.UTF_8), "alice", null);
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body()).as("lookup by %s", form).hasSize(1);
            assertThat(found.body().get(0).get("id").asLong()).isEqualTo(id);
        }
        assertThat(send("GET", "/api/contacts/" + id, "bob", null).body().get("name").asText()).isEqualTo("Jane Roe");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/contacts/" + id));
    }

    @Test
    void unparseableNumberIs400NamingPhonesAndStoresNothing() throws Exception {
        Response response = send("POST", "/api/contacts", "alice", """
                {"name": "Never Stored", "phones": ["+1 555 010 9999", "not a number"]}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("errors").get(0).get("field").asText()).isEqualTo("phones");
        assertThat(response.body().get("detail").asText()).contains("not a number");
        assertThat(send("GET", "/api/contacts?phone=%2B15550109999", "alice", null).body()).isEmpty();
        assertThat(send("GET", "/api/contacts?q=Never%20Stored", "alice", null).body()).isEmpty();
    }

    @Test
    void numberOwnedByAnotherContactIsRefusedNamingPhones() throws Exception {
        send("POST", "/api/contacts", "alice", """
                {"name": "First Owner", "phones": ["555 020 3040"]}""");

        Response second = send("POST", "/api/contacts", "alice", """
                {"name": "Second Owner", "phones": ["+1 (555) 020-3040"]}""");

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body().get("errors").get(0).get("field").asText()).isEqualTo("phones");
        assertThat(second.body().get("errors").get(0).get("message").asText()).as("the person, not an id")
                .isEqualTo("(555) 020-3040 already belongs to First Owner");
        assertThat(send("GET", "/api/contacts?phone=5550203040", "alice", null).body())
                .singleElement().satisfies(c -> assertThat(c.get("name").asText()).isEqualTo("First Owner"));
    }

    @Test
    void patchChangesOnlyTheGivenFields() throws Exception {
        long id = send("POST", "/api/contacts", "alice", """
                {"name": "Pat Lee", "company": "Old Co", "phones": ["555 030 4050"], "source": "Website"}""")
                .body().get("id").asLong();

        Response patched = send("PATCH", "/api/contacts/" + id, "alice", """
                {"company": "New Co", "phones": ["555 030 4050", "+44 20 7946 0999"]}""");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("name").asText()).isEqualTo("Pat Lee");
        assertThat(patched.body().get("company").asText()).isEqualTo("New Co");
        assertThat(patched.body().get("source").asText()).isEqualTo("Website");
        assertThat(patched.body().get("phones").toString()).isEqualTo("[\"+15550304050\",\"+442079460999\"]");
    }

    @Test
    void missingNameAndBadEmailAreNamed() throws Exception {
        Response response = send("POST", "/api/contacts", "alice", """
                {"name": " ", "email": "nope"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").findValuesAsText("field")).containsExactly("name", "email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": \"Broken\",", "{\"nam\": \"Typo\"}", "{\"name\": \"X\", \"phones\": \"555 010 1111\"}"})
    void malformedJsonIs400ProblemNamingTheField(String body) throws Exception {
        Response response = send("POST", "/api/contacts", "alice", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("errors").get(0).get("field").asText()).isIn("body", "nam", "phones");
    }

    @Test
    void unknownContactIs404AndBadLookupNumberIs400NamingPhone() throws Exception {
        assertThat(send("GET", "/api/contacts/987654321", "alice", null).status()).isEqualTo(404);
        Response bad = send("GET", "/api/contacts?phone=hello", "alice", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).get("field").asText()).isEqualTo("phone");
    }

    @Test
    void anonymousApiCallsGet401NotALoginRedirect() throws Exception {
        Response response = send("GET", "/api/contacts", null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"crm\"");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(send("GET", "/api/contacts", "alice:wrong-password", null).status()).isEqualTo(401);
    }

    @Test
    void healthIsPublicAndCoversPostgresRedisAndTheStore() throws Exception {
        Response health = send("GET", "/actuator/health", null, null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        for (String component : new String[]{"db", "redis", "storage"}) {
            assertThat(health.body().get("components").get(component).get("status").asText()).as(component).isEqualTo("UP");
        }
    }

    @Test
    void openApiListsTheContactsContract() throws Exception {
        Response docs = send("GET", "/v3/api-docs", null, null);

        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.body().get("paths");
        assertThat(paths.has("/api/contacts")).isTrue();
        assertThat(paths.get("/api/contacts").has("get")).isTrue();
        assertThat(paths.get("/api/contacts").has("post")).isTrue();
        assertThat(paths.get("/api/contacts/{id}").has("patch")).isTrue();
        paths.fieldNames().forEachRemaining(path -> assertThat(path).startsWith("/api/"));
    }

    record Response(int status, String contentType, JsonNode body, java.net.http.HttpHeaders headers) {
    }

    /** {@code user} is a demo username (password "demo") or "user:password"; null for anonymous. */
    private Response send(String method, String path, String user, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json");
        if (user != null) {
            String credentials = user.contains(":") ? user : user + ":demo";
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), parsed,
                response.headers());
    }
}
