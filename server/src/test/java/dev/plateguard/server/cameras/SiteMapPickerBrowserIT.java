package dev.plateguard.server.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestAuthenticator;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * The site form in a real browser (headless Chromium, as bin/test-deps installs it): clicking the map fills in
 * the coordinates, the form saves them, the pages run under the strict CSP without a single violation, and a new
 * device key can be copied. Screenshots go to server/target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteMapPickerBrowserIT extends IntegrationTest {

    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1366,768", "--user-data-dir=" + Files.createTempDirectory("pg-chromium-"), "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void clickingTheMapFillsTheCoordinatesAndTheSiteIsSaved() {
        var person = SecurityTestSupport.person(client(), admin(), "ADMIN");
        driver.get(client().base() + "/login");
        driver.findElement(By.id("username")).sendKeys(person.username());
        driver.findElement(By.id("password")).sendKeys(person.password());
        driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        // ADMIN signs in with a second factor: the code page, with a fresh code of the authenticator enrolled above.
        wait.until(d -> d.getCurrentUrl().contains("/login/code"));
        driver.findElement(By.id("code")).sendKeys(TestAuthenticator.code(client().base(), person.username()));
        driver.findElement(By.cssSelector("#code-form button[type=submit]")).click();
        wait.until(d -> !d.getCurrentUrl().contains("/login"));

        driver.get(client().base() + "/admin/sites/new");
        WebElement map = driver.findElement(By.cssSelector(".coord-picker.map"));
        // Leaflet has drawn the map and the borders (Natural Earth; no tile server is configured), below the marker.
        wait.until(d -> !d.findElements(By.cssSelector(".coord-picker .leaflet-boundaries-pane path")).isEmpty());
        WebElement latitude = driver.findElement(By.name("latitude"));
        WebElement longitude = driver.findElement(By.name("longitude"));
        assertThat(latitude.getDomProperty("value")).isEmpty();
        new Actions(driver).moveToElement(map, 40, 20).click().perform();
        wait.until(d -> !latitude.getDomProperty("value").isEmpty());
        double lat = Double.parseDouble(latitude.getDomProperty("value"));
        double lon = Double.parseDouble(longitude.getDomProperty("value"));
        // The map opens on Uzbekistan.
        assertThat(lat).isBetween(30.0, 50.0);
        assertThat(lon).isBetween(50.0, 80.0);
        assertThat(driver.findElements(By.cssSelector(".coord-picker .leaflet-marker-icon"))).hasSize(1);
        screenshot("admin-site-map-picker");

        String name = TestClient.unique("Picked on the map");
        driver.findElement(By.name("name")).sendKeys(name);
        // Region and city come from the managed list; choosing the region narrows the cities to its own.
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.name("region"))).selectByValue("Namangan region");
        assertThat(driver.findElements(By.cssSelector("#site-city optgroup:not([hidden])")))
                .singleElement().satisfies(g -> assertThat(g.getAttribute("data-region")).isEqualTo("Namangan region"));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.name("city"))).selectByValue("Namangan");
        driver.findElement(By.cssSelector("form.site-form button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().matches(".*/admin/sites/\\d+$"));
        String url = driver.getCurrentUrl();
        JsonNode site = client().get("/api/v1/sites/" + url.substring(url.lastIndexOf('/') + 1), admin().token()).json();
        assertThat(site.get("name").asString()).isEqualTo(name);
        assertThat(site.get("latitude").asDouble()).isCloseTo(lat, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(site.get("longitude").asDouble()).isCloseTo(lon, org.assertj.core.data.Offset.offset(1e-6));
        // Editing starts with a marker where the site is.
        wait.until(d -> !d.findElements(By.cssSelector(".coord-picker .leaflet-marker-icon")).isEmpty());

        // A camera and a key for it; the key page offers a copy button (script-only, so hidden without it).
        driver.get(client().base() + "/admin/cameras/new?site=" + site.get("id").asLong());
        driver.findElement(By.name("name")).sendKeys("north");
        driver.findElement(By.cssSelector("main form.stacked button[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().matches(".*/admin/cameras/\\d+$"));
        String cameraPage = driver.getCurrentUrl();
        driver.findElement(By.cssSelector("section.keys form button[type=submit]")).click();
        WebElement copy = wait.until(d -> d.findElement(By.cssSelector("button[data-copy]")));
        assertThat(copy.isDisplayed()).isTrue();
        String key = driver.findElement(By.id("issued-key")).getDomProperty("value");
        assertThat(key).startsWith("pgd_");
        screenshot("admin-key-shown-once");

        // Revoking a key asks first, naming it and when it was last used; declining changes nothing.
        long keyId = jdbc.sql("select id from device_key where camera_id = ?")
                .param(Long.parseLong(cameraPage.substring(cameraPage.lastIndexOf('/') + 1))).query(Long.class).single();
        assertThat(client().postJson("/api/v1/heartbeat", key, java.util.Map.of("status", "ok")).status()).isEqualTo(200);
        driver.get(cameraPage);
        driver.findElement(By.cssSelector("form.revoke-key button")).click();
        var question = wait.until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).contains(key.substring(0, 8)).contains("last used");
        question.dismiss();
        assertThat(jdbc.sql("select revoked_at is null from device_key where id = ?").param(keyId)
                .query(Boolean.class).single()).isTrue();
        driver.findElement(By.cssSelector("form.revoke-key button")).click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> jdbc.sql("select revoked_at is not null from device_key where id = ?").param(keyId)
                .query(Boolean.class).single());

        driver.get(client().base() + "/admin/users");
        screenshot("admin-users");

        List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .filter(e -> !e.getMessage().contains("/favicon.ico")) // there is none; not this page's concern
                .toList();
        assertThat(problems).as("browser console (CSP violations, script errors)").isEmpty();
    }

    private void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
