package io.callcenter.crm.ui;

import io.callcenter.crm.ApplicationIT;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleBrowserIT extends ApplicationIT {

    @LocalServerPort
    int port;

    @Test
    void agentCreatesAContactAndFindsItByAnotherFormOfItsNumber() throws Exception {
        try (Browser browser = new Browser(port)) {
            // given alice is signed in
            browser.login("alice", "demo");
            browser.waitForText("Alice Agent");
            browser.wait.until(d -> browser.gridText("contacts-grid").contains("Dana Whitfield"));
            browser.screenshot("contacts");
            assertThat(browser.driver.getPageSource()).doesNotContain("Administration");

            // when she creates a contact with a number written one way
            browser.byId("new-contact").click();
            browser.type("contact-name", "Grace Hopper");
            browser.type("contact-company", "Navy Labs");
            browser.type("contact-email", "grace@navy.example");
            browser.driver.findElement(By.cssSelector(".phone-input input")).sendKeys("(555) 010-7788");
            browser.screenshot("contact-form");
            browser.byId("save-contact").click();
            browser.waitForText("Saved Grace Hopper");

            // and searches with another way of writing it
            browser.type("contact-search", "+1 555 010 7788");
            browser.driver.findElement(By.cssSelector("#contact-search input")).sendKeys(Keys.ENTER);

            // then the grid shows only her, with the number in international form
            browser.wait.until(d -> browser.gridText("contacts-grid").contains("Grace Hopper")
                    && !browser.gridText("contacts-grid").contains("Dana Whitfield"));
            assertThat(browser.gridText("contacts-grid")).contains("Navy Labs").contains("+1 555-010-7788");
            browser.screenshot("contacts-search");
        }
    }

    @Test
    void unparseableNumberIsFlaggedOnItsFieldAndNothingIsSaved() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("bob", "demo");
            browser.byId("new-contact").click();
            browser.type("contact-name", "Nobody Real");
            browser.driver.findElement(By.cssSelector(".phone-input input")).sendKeys("call me maybe");
            browser.byId("save-contact").click();

            browser.wait.until(d -> d.findElement(By.cssSelector(".phone-input")).getDomAttribute("invalid") != null);
            assertThat(browser.driver.findElement(By.cssSelector(".phone-input")).getDomProperty("errorMessage"))
                    .contains("not a phone number");
            browser.type("contact-search", "Nobody Real");
            browser.wait.until(d -> browser.gridText("contacts-grid").isEmpty()
                    || !browser.gridText("contacts-grid").contains("Nobody Real"));
            assertThat(browser.gridText("contacts-grid")).doesNotContain("Nobody Real");
        }
    }

    @Test
    void adminSeesAdministrationAndTheUsers() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("admin", "demo");
            browser.waitForText("Administration");
            browser.open("/admin/users");
            browser.wait.until(d -> browser.gridText("users-grid").contains("alice"));
            assertThat(browser.gridText("users-grid")).contains("1001").contains("SUPERVISOR");
            browser.screenshot("admin-users");
        }
    }

    @Test
    void agentCannotOpenTheAdministration() throws Exception {
        try (Browser browser = new Browser(port)) {
            browser.login("alice", "demo");
            browser.open("/admin/users");
            browser.waitForText("Could not navigate");
            assertThat(browser.driver.findElements(By.id("users-grid"))).isEmpty();
        }
    }

    @Test
    void anonymousVisitorIsSentToTheLoginPage() {
        try (Browser browser = new Browser(port)) {
            browser.open("/");
            browser.wait.until(d -> d.getCurrentUrl().endsWith("/login"));
            browser.wait.until(d -> !d.findElements(By.cssSelector("vaadin-login-form input[name=username]")).isEmpty());
            assertThat(browser.driver.findElements(By.id("logout"))).isEmpty();
        }
    }
}
