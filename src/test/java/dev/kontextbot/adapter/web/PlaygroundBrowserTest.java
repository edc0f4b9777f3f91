package dev.kontextbot.adapter.web;

import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.testing.Chromium;
import dev.kontextbot.engine.review.TimelineRenderer;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playground driven in Debian's headless Chromium, as a person uses it: upload a photo, three turns, a pick,
 * an undo, the timeline picture, a branch, the gallery's tree, and the session exported and imported again. Screenshots go to target/browser/. Skipped where
 * no headless Chromium is installed, except in CI, where it fails ({@link Chromium}).
 */
class PlaygroundBrowserTest {
    static Chromium chromium;
    static final Path SCREENSHOTS = Path.of("target", "browser");

    @TempDir
    Path dir;
    Application app;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void needsChromium() {
        chromium = Chromium.requireOrSkip();
    }

    @BeforeEach
    void start() throws IOException {
        app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.resolve("data").toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline", "KONTEXT_CONFIG", "")).load("", "test"));
        ChromeOptions options = new ChromeOptions();
        // The binaries are given, so Selenium Manager has nothing to look up or download.
        options.setBinary(chromium.browser().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,2200", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromium.driver().toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            app.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + app.httpPort() + path;
    }

    private WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    private List<WebElement> turnCards() {
        return browser.findElements(By.cssSelector("#turns [data-turn-id]"));
    }

    /** Waits until the page shows {@code count} turns and none is still queued or running. */
    private void awaitTurnsDone(int count) {
        wait.until(page -> {
            List<WebElement> cards = turnCards();
            return cards.size() == count && cards.stream().allMatch(c -> c.getAttribute("data-status").equals("done"));
        });
    }

    private String head() {
        return byId("head-image").getAttribute("data-image");
    }

    private void send(String instruction, int turnsAfter) {
        byId("prompt").sendKeys(instruction);
        byId("send").click();
        awaitTurnsDone(turnsAfter);
    }

    /**
     * A page of another origin (localhost instead of 127.0.0.1 stands in for another site) posts a form to the
     * playground, as a cross-site attack would: the browser sends its Origin, and nothing is created. The same post
     * from the playground's own page creates a session, so the page sends what the check needs.
     */
    @Test
    void aPageOfAnotherOriginCannotStartASessionButThePlaygroundsOwnPageCan() {
        String post = "const done = arguments[arguments.length - 1];"
                + "const form = new FormData(); form.append('prompt', 'a red fox');"
                + "fetch(arguments[0], {method: 'POST', body: form, mode: 'no-cors'}).then(r => done('sent ' + r.type), e => done('failed ' + e));";
        browser.get("http://localhost:" + app.httpPort() + "/");
        Object crossSite = ((JavascriptExecutor) browser).executeAsyncScript(post, url("/api/sessions"));

        assertThat(crossSite).isEqualTo("sent opaque");
        assertThat(sessions()).isZero();

        browser.get(url("/"));
        Object own = ((JavascriptExecutor) browser).executeAsyncScript(post, url("/api/sessions"));

        assertThat(own).isEqualTo("sent basic");
        assertThat(sessions()).isEqualTo(1);
    }

    private int sessions() {
        return app.engine().recentSessions(dev.kontextbot.engine.model.Platform.PLAYGROUND, "local", "playground", 100).size();
    }

    @Test
    void aPersonUploadsAPhotoRunsThreeTurnsPicksUndoesAndSeesTheTimelineThenTheGallery() throws Exception {
        Path photo = dir.resolve("harbour.png");
        Files.write(photo, TestImages.encode(Scenes.landscape(21, 480, 320), "png"));
        browser.get(url("/"));

        byId("file").sendKeys(photo.toString());
        browser.findElement(By.cssSelector("#start details summary")).click();
        new Select(browser.findElement(By.cssSelector("[data-params=start] select[name=num_images]"))).selectByValue("2");
        byId("start-prompt").sendKeys("make it sepia");
        byId("start-button").click();
        wait.until(page -> browser.getCurrentUrl().contains("#session/"));
        awaitTurnsDone(1);
        // The scores follow the result; the page picks them up without a reload.
        wait.until(page -> turnCards().get(0).findElements(By.cssSelector(".score")).size() == 2);
        assertThat(turnCards().get(0).findElements(By.cssSelector(".score"))).allMatch(e -> e.getText().matches("fidelity \\d+"));
        send("add a vignette", 2);
        send("caption \"Harbour, 1962\"", 3);

        String afterTurns = head();
        String newest = turnCards().get(0).getAttribute("data-turn-id");
        browser.findElement(By.cssSelector("[data-pick='" + newest + ":1']")).click();
        wait.until(page -> browser.findElement(By.cssSelector("[data-variant='" + newest + ":1']")).getAttribute("class").contains("is-head"));
        String picked = head();
        byId("undo").click();
        wait.until(page -> afterTurns.equals(head()));
        Long timelineWidth = wait.until(page -> (Long) ((JavascriptExecutor) browser).executeScript(
                "const img = document.getElementById('timeline-image');"
                        + "return img.complete && img.naturalWidth > 0 && img.src.includes('/timeline.png') ? img.naturalWidth : null;"));
        byId("timeline").click();
        BufferedImage sessionShot = screenshot("playground-session.png");

        assertThat(picked).isNotEqualTo(afterTurns);
        assertThat(timelineWidth).isEqualTo(TimelineRenderer.WIDTH);
        assertThat(turnCards()).extracting(c -> c.findElement(By.tagName("h3")).getText())
                .anySatisfy(title -> assertThat(title).contains("add a vignette"));
        assertNotBlank(sessionShot);

        String root = browser.getCurrentUrl().replaceAll(".*#session/", "");
        String second = turnCards().get(1).getAttribute("data-turn-id");
        browser.findElement(By.cssSelector("[data-branch='" + second + ":1']")).click();
        wait.until(page -> !browser.getCurrentUrl().endsWith("#session/" + root));
        String branch = browser.getCurrentUrl().replaceAll(".*#session/", "");
        send("tint blue", 1);

        byId("nav-gallery").click();
        wait.until(page -> browser.findElements(By.cssSelector("#gallery-list [data-session-id]")).size() == 2);
        browser.findElement(By.cssSelector("#gallery-list [data-session-id='" + root + "']")).click();
        wait.until(page -> !browser.findElements(By.cssSelector("#session-tree [data-tree-session='" + branch + "']")).isEmpty());
        BufferedImage galleryShot = screenshot("playground-gallery.png");

        assertThat(browser.findElements(By.cssSelector("#session-tree > [data-tree-session='" + root + "'] > ol > [data-tree-turn]"))).hasSize(3);
        // The branch hangs under the second turn, where its variant is.
        assertThat(browser.findElements(By.cssSelector("[data-tree-turn='" + second + "'] .tree-branch [data-tree-session='" + branch + "']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#session-tree [data-tree-variant][data-picked=true]"))).hasSize(4);
        assertThat(browser.findElement(By.cssSelector("#session-tree [data-link=export]")).getAttribute("href")).endsWith("/export.zip");
        assertNotBlank(galleryShot);

        // The exported zip, imported again through the gallery, opens as a new session with the same three turns.
        Path zip = dir.resolve("session-" + root + ".zip");
        try (okhttp3.Response response = new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder()
                .url(url("/api/sessions/" + root + "/export.zip")).build()).execute()) {
            Files.write(zip, response.body().bytes());
        }
        byId("import-file").sendKeys(zip.toString());
        byId("import-button").click();
        wait.until(page -> browser.getCurrentUrl().matches(".*#session/\\d+") && !browser.getCurrentUrl().endsWith("#session/" + root)
                && !browser.getCurrentUrl().endsWith("#session/" + branch));
        awaitTurnsDone(3);
        assertThat(turnCards()).extracting(c -> c.findElement(By.tagName("h3")).getText())
                .anySatisfy(title -> assertThat(title).startsWith("make it sepia"));
        assertThat(head()).isEqualTo(afterTurns);
    }

    private BufferedImage screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), png);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** A rendered page has many colours and no colour covering nearly all of it; a blank or failed page has neither. */
    private static void assertNotBlank(BufferedImage shot) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < shot.getHeight(); y += 2) {
            for (int x = 0; x < shot.getWidth(); x += 2) {
                counts.merge(shot.getRGB(x, y) & 0xffffff, 1, Integer::sum);
            }
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int commonest = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertThat(counts.size()).as("distinct colours").isGreaterThan(500);
        assertThat(commonest / (double) total).as("share of the commonest colour").isLessThan(0.8);
    }

}
