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

    private final String caller = "Hattie Historia " + ThreadLocalRandom.current().nextInt(1000, 9999);

    @BeforeAll
    void givenACallerWhoTalkedToAliceAndThenToBob() {
        String number = "555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
        record(number, "1001", Instant.now().minusSeconds(120));
        record(number, "1002", Instant.now().minusSeconds(60));
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
