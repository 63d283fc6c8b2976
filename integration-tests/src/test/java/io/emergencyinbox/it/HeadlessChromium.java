package io.emergencyinbox.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through Selenium, from Debian's {@code chromium} and
 * {@code chromium-driver} packages (so Selenium Manager downloads nothing), with a fresh profile
 * and download folder, deleted on close.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static HeadlessChromium start() {
        try {
            Path profile = Files.createTempDirectory("webmail-chromium-profile");
            Path downloads = Files.createTempDirectory("webmail-chromium-downloads");
            ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + profile, "--window-size=1280,860", "--lang=en-GB");
            options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
            return new HeadlessChromium(new ChromeDriver(service, options), profile, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;

    private HeadlessChromium(ChromeDriver driver, Path profile, Path downloads) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Waits for a condition; elements the page redrew meanwhile are looked up again at the next try. */
    WebDriverWait await(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    Path downloads() {
        return downloads;
    }

    /** Saves what the browser shows to target/screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        deleteRecursively(profile);
        deleteRecursively(downloads);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
