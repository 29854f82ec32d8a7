package io.callcenter.crm.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/** Debian's headless Chromium driving the real console, with helpers for Vaadin's components. */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;
    final WebDriverWait wait;
    private final String base;

    Browser(int port) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                .build();
        this.driver = new ChromeDriver(service, options);
        // the desk redraws parts of itself as the call moves on (its controls every two seconds while a call
        // talks): an element read between a find and its text is looked up again
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        this.base = "http://localhost:" + port;
    }

    void open(String path) {
        driver.get(base + path);
    }

    void login(String username, String password) {
        if (!signIn(username, password)) {
            // Seen now and then since the KPI work landed, never yet explained: the sign-in lands back on an empty
            // login page without an error. Signed in again once; the note on issue 12 tracks it.
            System.out.println("Browser: the sign-in of " + username + " came back to the login page; signing in again");
            if (!signIn(username, password)) {
                try {
                    screenshot("login-failed-" + username);
                } catch (IOException ignored) {
                    // the message below is what matters
                }
                throw new org.openqa.selenium.TimeoutException("signed in as " + username + " twice but no console; at "
                        + driver.getCurrentUrl() + " showing: " + driver.findElement(By.tagName("body")).getText());
            }
        }
        wrapUpLater();
    }

    /** Fills in and sends the login form; true once the console shows, false when the browser is back on the login page. */
    private boolean signIn(String username, String password) {
        open("/login");
        // the form's fields take typing only once its web component is defined; keys sent before are lost
        wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return customElements.get('vaadin-login-form') !== undefined")));
        WebElement user = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("vaadin-login-form input[name=username]")));
        WebElement secret = driver.findElement(By.cssSelector("vaadin-login-form input[name=password]"));
        wait.until(d -> {
            user.clear();
            user.sendKeys(username);
            secret.clear();
            secret.sendKeys(password);
            return username.equals(user.getDomProperty("value")) && password.equals(secret.getDomProperty("value"));
        });
        secret.sendKeys(Keys.ENTER);
        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
            return true;
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
    }

    /** Puts a pending wrap-up aside (calls other tests played may have left one) so it covers nothing. */
    void wrapUpLater() {
        List<WebElement> later = driver.findElements(By.id("pop-later"));
        if (!later.isEmpty() && later.get(0).isDisplayed()) {
            later.get(0).click();
        }
    }

    WebElement byId(String id) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
    }

    /** Opens a Vaadin select (scrolled into view first) and picks the item whose text contains {@code item}. */
    void choose(String selectId, String item) {
        WebElement select = byId(selectId);
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", select);
        select.click();
        wait.until(d -> d.findElements(By.cssSelector("vaadin-select-item")).stream().anyMatch(i -> i.isDisplayed() && i.getText().contains(item)));
        driver.findElements(By.cssSelector("vaadin-select-item")).stream().filter(i -> i.isDisplayed() && i.getText().contains(item))
                .findFirst().orElseThrow().click();
    }

    /** Types {@code text} into a Vaadin combo box and picks the item whose text contains {@code item}. */
    void pick(String comboId, String text, String item) {
        type(comboId, text);
        WebElement combo = driver.findElement(By.id(comboId));
        // the overlay lists the matches: the first is the one (as a user would, with the keyboard)
        wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return arguments[0].opened && !arguments[0].loading && arguments[0].filteredItems.length > 0", combo)));
        WebElement input = combo.findElement(By.cssSelector("input"));
        input.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN);
        input.sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(d -> input.getDomProperty("value").contains(item));
    }

    /** Types into a Vaadin text field (its native input sits in the light DOM). */
    void type(String fieldId, String text) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + fieldId + " input, #" + fieldId + " textarea")));
        input.clear();
        input.sendKeys(text);
    }

    void waitForText(String text) {
        wait.until(d -> d.getPageSource().contains(text));
    }

    String gridText(String gridId) {
        return String.join("\n", driver.findElements(By.cssSelector("#" + gridId + " vaadin-grid-cell-content"))
                .stream().map(WebElement::getText).toList());
    }

    /** Searches the contacts for {@code search} and opens the card of the one named {@code name}. */
    void openContactCard(String search, String name) {
        type("contact-search", search);
        wait.until(d -> gridText("contacts-grid").contains(name));
        driver.findElements(By.cssSelector("#contacts-grid vaadin-grid-cell-content")).stream()
                .filter(c -> c.getText().equals(name)).findFirst().orElseThrow().click();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
