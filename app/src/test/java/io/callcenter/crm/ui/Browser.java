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
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        this.base = "http://localhost:" + port;
    }

    void open(String path) {
        driver.get(base + path);
    }

    void login(String username, String password) {
        open("/login");
        WebElement user = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("vaadin-login-form input[name=username]")));
        user.sendKeys(username);
        driver.findElement(By.cssSelector("vaadin-login-form input[name=password]")).sendKeys(password, Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
        wrapUpLater();
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
