package io.callcenter.crm.ui;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Not a test: looks at a running quick start (./run.sh) the way its users would and takes screenshots into
 * target/screenshots, to look at by eye. Run with
 * {@code mvn verify -pl app -Dit.test=QuickStartLook -Dquickstart.port=8080} while ./run.sh runs.
 */
class QuickStartLook {

    @Test
    void look() throws Exception {
        int port = Integer.getInteger("quickstart.port", 8080);
        try (Browser browser = new Browser(port)) {
            browser.login("mia", "demo");
            browser.open("/kpis");
            browser.wait.until(d -> !d.findElements(By.cssSelector(".kpi-tile[kpi=offered] .kpi-value")).isEmpty());
            browser.screenshot("quickstart-kpis-7-days");
            browser.driver.findElement(By.id("kpi-preset")).click();
            browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-select-item")).stream().anyMatch(i -> i.getText().equals("Last 30 days")));
            browser.driver.findElements(By.cssSelector("vaadin-select-item")).stream().filter(i -> i.getText().equals("Last 30 days"))
                    .findFirst().orElseThrow().click();
            Thread.sleep(1500);
            browser.screenshot("quickstart-kpis-30-days");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("document.querySelector('#kpi-table').scrollIntoView()");
            Thread.sleep(500);
            browser.screenshot("quickstart-kpis-table");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                    "const g = document.querySelector('#kpi-table'); g.$.table.scrollLeft = g.$.table.scrollWidth");
            Thread.sleep(2000);
            browser.screenshot("quickstart-kpis-table-right");
        }
        try (Browser browser = new Browser(port)) {
            // an agent's shift: the simulator's calls ring her; she wraps up some, leaves others
            browser.login("alice", "demo");
            for (int i = 1; i <= Integer.getInteger("quickstart.agent-shots", 4); i++) {
                Thread.sleep(i == 1 ? 3_000 : 15_000);
                browser.screenshot("quickstart-agent-" + i);
            }
            // on a call: the transfer dialog over the desk; the simulator's calls are short, so a call that ends
            // under the look is let go and the next one tried
            for (int attempt = 1; attempt <= 4; attempt++) {
                try {
                    transferLook(browser);
                    break;
                } catch (RuntimeException e) {
                    System.out.println("QuickStartLook: the transfer look, attempt " + attempt + ", lost its call: " + e);
                    browser.screenshot("quickstart-transfer-lost-" + attempt);
                    browser.open("/");
                }
            }
            browser.open("/calls");
            Thread.sleep(2000);
            browser.screenshot("quickstart-agent-calls");
            // the next caller ringing: the pop beside the page
            browser.open("/");
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofMinutes(3)).until(d ->
                    "ringing".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
            Thread.sleep(500);
            browser.screenshot("quickstart-ringing");
            // a regular caller's card: details and timeline side by side
            browser.open("/");
            browser.openContactCard("Amara Okafor", "Amara Okafor");
            Thread.sleep(1500);
            browser.screenshot("quickstart-contact-card");
        }
        try (Browser browser = new Browser(port)) {
            browser.login("sam", "demo");
            browser.open("/recordings");
            Thread.sleep(2000);
            browser.screenshot("quickstart-recordings");
            browser.open("/calls");
            Thread.sleep(2000);
            browser.screenshot("quickstart-calls");
            browser.open("/");
            Thread.sleep(1500);
            browser.screenshot("quickstart-contacts");
        }
    }

    private static void transferLook(Browser browser) throws Exception {
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofMinutes(3)).until(d ->
                "talking".equals(d.findElement(By.id("screen-pop")).getDomAttribute("phase")));
        Thread.sleep(2000); // a person reads the pop first
        browser.byId("pop-transfer").click();
        Thread.sleep(1000);
        browser.screenshot("quickstart-transfer");
        // talk to bob first, then take the caller back
        browser.pick("transfer-to", "Bo", "Bob");
        browser.byId("transfer-consult").click();
        Thread.sleep(1000);
        browser.screenshot("quickstart-consulting");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(20)).until(d ->
                d.findElement(By.id("pop-consulting")).getText().contains("Talking to"));
        browser.screenshot("quickstart-consulting-talking");
        browser.byId("pop-cancel-transfer").click();
        Thread.sleep(2500);
        browser.screenshot("quickstart-consult-cancelled");
    }
}
