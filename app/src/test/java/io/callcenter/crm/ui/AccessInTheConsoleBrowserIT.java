package io.callcenter.crm.ui;

import io.callcenter.crm.ApplicationIT;
import io.callcenter.crm.calls.Call;
import io.callcenter.crm.calls.CallDirection;
import io.callcenter.crm.calls.CallLog;
import io.callcenter.crm.calls.CallSnapshot;
import io.callcenter.crm.calls.CallStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access rules (README, "Who may see what") in the console: the same answers as the API, because the
 * views ask the same policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessInTheConsoleBrowserIT extends ApplicationIT {

    @LocalServerPort int port;
    @Autowired CallLog callLog;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final String caller = "Hattie Historia " + ThreadLocalRandom.current().nextInt(1000, 9999);

    @BeforeAll
    void givenACallerWhoTalkedToAliceAndThenToBob() {
        String number = "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
        recorded(record(number, "1001", Instant.now().minusSeconds(120)));
        recorded(record(number, "1002", Instant.now().minusSeconds(60)));
    }

    /** The call's recording is in the store (as the ingest leaves it; only the row matters to the views). */
    private void recorded(Call call) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into recordings (id, call_id, object_key, size_bytes, sha256, content_type, stored_at)
                values (:id, :call, :key, 44, :sha, 'audio/wav', now())""")
                .param("id", id).param("call", call.id()).param("key", "calls/" + call.id() + "/view-test.wav")
                .param("sha", "0".repeat(64)).update();
        jdbc.sql("update calls set recording_id = :id where id = :call").param("id", id).param("call", call.id()).update();
    }

    @Test
    void anAgentHearsHerOwnCallsRecordingOnTheTimelineButNotHerColleaguesAndHasNoRecordingsView() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            browser.waitForText("My calls");
            assertThat(browser.driver.findElements(By.cssSelector("vaadin-side-nav-item[path=recordings]"))).isEmpty();

            browser.openContactCard(caller, caller);
            browser.wait.until(d -> d.findElements(By.cssSelector(".timeline .call-row[kind=call]")).size() == 2);
            var rows = browser.driver.findElements(By.cssSelector(".timeline .call-row[kind=call]"));
            assertThat(rows).filteredOn(r -> !r.findElements(By.cssSelector(".play-recording")).isEmpty())
                    .as("her own call only").singleElement().satisfies(r -> assertThat(r.getText()).contains("alice"));

            browser.open("/recordings");
            browser.waitForText("This page is not available to you");
            assertThat(browser.driver.findElements(By.id("recordings-grid"))).isEmpty();
        }
    }

    @Test
    void supervisorsAndManagersFindEveryRecordingAndHearItFromTheTimeline() throws Exception {
        for (String user : java.util.List.of("sam", "mia")) {
            try (Browser browser = new Browser(port)) {
                browser.login(user, "demo");
                browser.open("/recordings");
                browser.type("recordings-contact", caller);
                browser.wait.until(d -> occurrences(browser.gridText("recordings-grid"), caller) == 2);
                assertThat(browser.driver.findElements(By.cssSelector("#recordings-grid vaadin-grid-cell-content .play-recording")))
                        .as(user).hasSize(2);

                browser.open("/");
                browser.openContactCard(caller, caller);
                browser.wait.until(d -> d.findElements(By.cssSelector(".timeline .call-row[kind=call] .play-recording")).size() == 2);
            }
        }
    }

    @Test
    void anAdministratorHasNoRecordingsView() {
        try (Browser browser = new Browser(port)) {
            browser.login("admin", "demo");
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/admin/users"));
            browser.open("/recordings");
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/admin/users") || d.getPageSource().contains("This page is not available to you"));
            assertThat(browser.driver.findElements(By.id("recordings-grid"))).isEmpty();
        }
    }

    @Test
    void anAgentListsHerOwnCallsButReadsTheCallersWholeHistory() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            browser.waitForText("My calls");

            browser.open("/calls");
            browser.wait.until(d -> browser.gridText("calls-grid").contains(caller));
            assertThat(occurrences(browser.gridText("calls-grid"), caller)).as("alice's own call only").isEqualTo(1);

            browser.open("/");
            browser.openContactCard(caller, caller);
            browser.wait.until(d -> d.findElements(By.cssSelector(".timeline .call-row[kind=call]")).size() == 2);
            assertThat(browser.driver.findElement(By.cssSelector(".timeline")).getText()).contains("alice").contains("bob");
            browser.screenshot("access-agent-contact-history");
        }
    }

    @Test
    void aSupervisorListsEveryonesCalls() {
        try (Browser browser = new Browser(port)) {
            browser.login("sam", "demo");
            browser.open("/calls");
            browser.wait.until(d -> occurrences(browser.gridText("calls-grid"), caller) == 2);
            assertThat(browser.driver.getPageSource()).doesNotContain("My calls");
        }
    }

    @Test
    void anAdministratorAloneIsSentToTheAdministrationAndSeesNoCallers() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("admin", "demo");
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/admin/users"));

            browser.open("/calls");
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/admin/users"));
            browser.wait.until(d -> browser.gridText("users-grid").contains("alice"));
            assertThat(browser.driver.findElements(By.id("calls-grid"))).isEmpty();
            assertThat(browser.driver.findElements(By.cssSelector("vaadin-side-nav-item[path=calls]"))).isEmpty();
            assertThat(browser.driver.getPageSource()).doesNotContain(caller);
            browser.screenshot("access-admin");
        }
    }

    private Call record(String number, String extension, Instant start) {
        return callLog.record(new CallSnapshot("console-access-" + UUID.randomUUID(), CallDirection.INBOUND,
                CallStatus.ANSWERED, number, caller, "8005551000", extension, "sales", start, start.plusSeconds(3),
                start.plusSeconds(40), extension, null)).call();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
