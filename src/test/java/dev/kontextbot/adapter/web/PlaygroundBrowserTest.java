package dev.kontextbot.adapter.web;

import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.testing.Chromium;
import dev.kontextbot.adapter.picture.TimelineRenderer;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.Await;
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
 * an undo and a redo, the timeline picture, a branch, the gallery's tree, and the session exported and imported
 * again; every view at a desktop's 1280 px and a phone's 390 px; the server restarting under the page; a priced
 * provider (a fake fal on loopback) with its settings and prices. Screenshots (whole pages) go to target/browser/.
 * Skipped where no headless Chromium is installed, except in CI, where it fails ({@link Chromium}).
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
        app = offline("0");
        browser = chromium("en-US");
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    /** Headless Chromium asking for pages in {@code language} (its Accept-Language and its own language). */
    private ChromeDriver chromium(String language) throws IOException {
        ChromeOptions options = new ChromeOptions();
        // The binaries are given, so Selenium Manager has nothing to look up or download.
        options.setBinary(chromium.browser().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,2200", "--lang=" + language,
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile-" + language)));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromium.driver().toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    /** The application as README's run command starts it, on {@code port} ("0": any free one), over the test's database. */
    private Application offline(String port) {
        return Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.resolve("data").toString(), "KONTEXT_HTTP_PORT", port,
                "KONTEXT_PROVIDER", "offline", "KONTEXT_CONFIG", "")).load("", "test"));
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
        return app.engine().recentSessions(PlaygroundServer.PLATFORM, "local", "playground", 100).size();
    }

    @Test
    void aPersonUploadsAPhotoRunsThreeTurnsPicksUndoesRedoesAndSeesTheTimelineThenTheGallery() throws Exception {
        Path photo = dir.resolve("harbour.png");
        Files.write(photo, TestImages.encode(Scenes.landscape(21, 480, 320), "png"));
        browser.get(url("/"));
        // Offline: what the editor understands is shown before the first instruction; the FLUX settings it ignores are not, nor a
        // price. The model select is: the offline editor stands in for every catalogue model.
        WebElement vocabulary = wait.until(page -> browser.findElement(By.cssSelector("#start [data-vocabulary]")));
        wait.until(page -> vocabulary.isDisplayed());
        assertThat(vocabulary.getText()).contains("sepia").contains("vignette").contains("caption");
        assertThat(byId("start-prompt").getAttribute("placeholder")).isEqualTo("make it sepia and add a vignette");
        browser.findElement(By.cssSelector("#start details summary")).click();
        WebElement modelSelect = browser.findElement(By.cssSelector("[data-params=start] select[name=model]"));
        assertThat(modelSelect.isDisplayed()).isTrue();
        assertThat(new Select(modelSelect).getOptions()).extracting(o -> o.getAttribute("value"))
                .containsExactly("", "kontext-pro", "kontext-max", "flux-2-pro", "flux-2-max", "flux-2-flex", "kontext-dev");
        assertThat(browser.findElement(By.cssSelector("[data-params=start] input[name=guidance_scale]")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.cssSelector("[data-params=start] select[name=num_images]")).isDisplayed()).isTrue();
        assertThat(byId("start-estimate").getText()).isEmpty();
        browser.findElement(By.cssSelector("#start details summary")).click();
        checkEveryWidth("start", this::textareaFitsAndNothingOverflows);

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
        // The head picture follows the pick: a page that only marked the variant would keep the old picture and time out here.
        String picked = wait.until(page -> browser.findElement(By.cssSelector("[data-variant='" + newest + ":1']")).getAttribute("class").contains("is-head")
                && !afterTurns.equals(head()) ? head() : null);
        assertThat(byId("redo").isEnabled()).isFalse();
        byId("undo").click();
        wait.until(page -> afterTurns.equals(head()) && byId("redo").isEnabled());
        byId("redo").click();
        wait.until(page -> picked.equals(head()) && !byId("redo").isEnabled());
        byId("undo").click();
        wait.until(page -> afterTurns.equals(head()));
        Long timelineWidth = wait.until(page -> (Long) ((JavascriptExecutor) browser).executeScript(
                "const img = document.getElementById('timeline-image');"
                        + "return img.complete && img.naturalWidth > 0 && img.src.includes('/timeline.png') ? img.naturalWidth : null;"));
        // The picture shown is the one of the session as it is now, scores included (not one drawn before they came).
        wait.until(page -> timelineShowsTheSessionAsItIs());
        byId("timeline").click();
        BufferedImage sessionShot = screenshot("playground-session.png");
        checkEveryWidth("session", this::sessionStacksOnAPhone);

        assertThat(picked).isNotEqualTo(afterTurns);
        assertThat(turnCards()).extracting(c -> c.findElement(By.cssSelector(".meta")).getText().replaceAll(" ·.*", ""))
                .containsExactly("Turn 3", "Turn 2", "Turn 1");
        assertThat(turnCards().get(0).findElement(By.cssSelector(".meta")).getText()).doesNotContain("guidance").doesNotContain("safety");
        assertThat(brokenImages()).isEmpty();
        assertNoEmoji();
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
        // Its first turn is turn 1 of the branch, though the trunk's three came before it; the origin is named the same way.
        assertThat(turnCards().get(0).findElement(By.cssSelector(".meta")).getText()).startsWith("Turn 1 ·");
        assertThat(byId("session-meta").getText()).contains("branched from session " + root + ", turn 2, variant 2");

        byId("nav-gallery").click();
        wait.until(page -> browser.findElements(By.cssSelector("#gallery-list [data-session-id]")).size() == 2);
        browser.findElement(By.cssSelector("#gallery-list [data-session-id='" + root + "']")).click();
        wait.until(page -> !browser.findElements(By.cssSelector("#session-tree [data-tree-session='" + branch + "']")).isEmpty());
        BufferedImage galleryShot = screenshot("playground-gallery.png");
        checkEveryWidth("gallery", this::nothingOverflows);
        assertThat(byId("gallery-more").isDisplayed()).as("'Load more' with every session shown").isFalse();
        assertNoEmoji();

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

    @Test
    void severalImagesAreShownNumberedAndTheTurnsNameTheirReferences() throws Exception {
        Path photo = dir.resolve("photo.png");
        Path hat = dir.resolve("hat.png");
        Path coat = dir.resolve("coat.png");
        Files.write(photo, TestImages.encode(Scenes.landscape(21, 320, 200), "png"));
        Files.write(hat, TestImages.encode(Scenes.landscape(22, 120, 80), "png"));
        Files.write(coat, TestImages.encode(Scenes.landscape(23, 120, 80), "png"));
        browser.get(url("/"));
        wait.until(page -> byId("file") != null);

        byId("file").sendKeys(photo + "\n" + hat);
        wait.until(page -> !byId("previews").findElements(By.tagName("figure")).isEmpty());
        assertThat(byId("previews").findElements(By.tagName("figure"))).extracting(WebElement::getText).containsExactly("image 1", "image 2");
        byId("start-prompt").sendKeys("put image 2 in the corner");
        byId("start-button").click();
        wait.until(page -> browser.getCurrentUrl().contains("#session/"));
        awaitTurnsDone(1);
        assertThat(turnCards().get(0).findElements(By.cssSelector(".numbered figure"))).extracting(WebElement::getText)
                .containsExactly("image 2");

        byId("references").sendKeys(coat.toString());
        wait.until(page -> !byId("reference-previews").findElements(By.tagName("figure")).isEmpty());
        assertThat(byId("reference-previews").findElements(By.tagName("figure"))).extracting(WebElement::getText).containsExactly("image 2");
        send("side by side", 2);
        assertThat(turnCards().get(0).findElements(By.cssSelector(".numbered figure"))).extracting(WebElement::getText)
                .containsExactly("image 2");
        assertThat(turnCards().get(0).findElement(By.cssSelector(".numbered")).getAttribute("title"))
                .isEqualTo("Image 1 is the current picture; image 2 is the one you attached.");
    }

    @Test
    void whenTheServerRestartsThePageSaysItIsReconnectingAndCatchesUpOnWhatHappenedMeanwhile() throws Exception {
        Path photo = dir.resolve("dog.png");
        Files.write(photo, TestImages.encode(Scenes.landscape(5, 320, 240), "png"));
        browser.get(url("/"));
        byId("file").sendKeys(photo.toString());
        byId("start-prompt").sendKeys("make it sepia");
        byId("start-button").click();
        wait.until(page -> browser.getCurrentUrl().contains("#session/"));
        awaitTurnsDone(1);
        long session = Long.parseLong(browser.getCurrentUrl().replaceAll(".*#session/", ""));
        String port = Integer.toString(app.httpPort());

        app.close();
        wait.until(page -> byId("connection").isDisplayed() && byId("connection").getText().startsWith("Reconnecting"));
        // A Send while the server is away says so and keeps what was typed.
        byId("prompt").sendKeys("add a vignette");
        byId("send").click();
        wait.until(page -> byId("banner").isDisplayed() && byId("banner").getText().contains("not answering"));
        assertThat(byId("prompt").getAttribute("value")).isEqualTo("add a vignette");
        // Meanwhile, another process on the same database finishes a turn of the session (as the bot in Discord might).
        try (Application elsewhere = offline("0")) {
            long turn = elsewhere.engine().refine(session, "playground", "mirror", ParamOverrides.NONE, null).id();
            Await.until(() -> elsewhere.engine().turn(turn).orElseThrow().status() == TurnStatus.DONE, "the turn made while the page was away");
        }
        app = offline(port);

        awaitTurnsDone(2);
        wait.until(page -> !byId("connection").isDisplayed() && !byId("banner").isDisplayed());
        assertThat(turnCards().get(0).findElement(By.tagName("h3")).getText()).startsWith("mirror");
        assertThat(turnCards().get(0).findElement(By.cssSelector(".meta")).getText()).startsWith("Turn 2 ·");
        // Polling goes on: the instruction sent again once the server is back arrives too.
        byId("send").click();
        awaitTurnsDone(3);
        assertThat(byId("prompt").getAttribute("value")).isEmpty();
        wait.until(page -> (Boolean) ((JavascriptExecutor) browser).executeScript(
                "return [...document.images].filter(i => i.getAttribute('src')).every(i => i.complete && i.naturalWidth > 0);"));
        assertThat(brokenImages()).isEmpty();
        screenshot("playground-reconnected.png");
    }

    /**
     * A provider that costs money (fal, faked on loopback, holding its first job until released): the FLUX settings
     * are there, the price of a turn shows before it is sent, and while the first turn runs there is no broken picture.
     */
    @Test
    void withAPricedProviderThePriceShowsBeforeSendingAndNoPictureIsBrokenWhileTheFirstTurnRuns() throws Exception {
        app.close();
        try (FakeService fal = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(fal, 0, 1_000_000);
            app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.resolve("data").toString(), "KONTEXT_HTTP_PORT", "0",
                    "KONTEXT_PROVIDER", "fal", "FAL_KEY", "fal-test-key-0123456789", "FAL_BASE_URL", fal.base(), "KONTEXT_CONFIG", ""))
                    .load("engine:\n  poll-interval: 50ms\n", "test"));
            Path photo = dir.resolve("jacket.png");
            Files.write(photo, TestImages.encode(Scenes.landscape(9, 320, 240), "png"));
            browser.get(url("/"));

            wait.until(page -> byId("start-prompt").getAttribute("placeholder").equals("make it a watercolor painting"));
            browser.findElement(By.cssSelector("#start details summary")).click();
            assertThat(browser.findElement(By.cssSelector("[data-params=start] select[name=model]")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.cssSelector("[data-params=start] input[name=guidance_scale]")).isDisplayed()).isTrue();
            assertThat(browser.findElements(By.cssSelector("[data-vocabulary]"))).noneMatch(WebElement::isDisplayed);
            assertThat(byId("start-estimate").getText()).contains("$0.04");
            new Select(browser.findElement(By.cssSelector("[data-params=start] select[name=num_images]"))).selectByValue("2");
            assertThat(byId("start-estimate").getText()).contains("$0.08").contains("2 images");
            new Select(browser.findElement(By.cssSelector("[data-params=start] select[name=model]"))).selectByValue("kontext-max");
            assertThat(byId("start-estimate").getText()).contains("$0.16");
            new Select(browser.findElement(By.cssSelector("[data-params=start] select[name=model]"))).selectByValue("");
            new Select(browser.findElement(By.cssSelector("[data-params=start] select[name=num_images]"))).selectByValue("");
            byId("file").sendKeys(photo.toString());
            byId("start-prompt").sendKeys("make the jacket red");
            byId("start-button").click();

            wait.until(page -> turnCards().size() == 1 && turnCards().get(0).getAttribute("data-status").equals("running"));
            Await.until(() -> queue.polls.get() >= 3, "the page polling while fal runs the job");
            assertThat(brokenImages()).isEmpty();
            assertThat(byId("timeline").isDisplayed()).isFalse();
            assertThat(byId("turn-estimate").getText()).contains("$0.04");
            screenshot("playground-running.png");

            queue.polls.set(1_000_000);
            awaitTurnsDone(1);
            wait.until(page -> byId("timeline").isDisplayed());
            wait.until(page -> timelineShowsTheSessionAsItIs());
            assertThat(brokenImages()).isEmpty();
            assertThat(turnCards().get(0).findElement(By.cssSelector(".meta")).getText()).contains("$0.04").contains("guidance 3.5");
        }
    }

    /**
     * A browser that asks for German gets the page in German (its labels, a turn's status and line, an error the
     * page writes itself) and no English word of the page's is left; the API's texts on it are German too.
     */
    @Test
    void aGermanBrowserGetsGermanLabelsAndAGermanStatusForATurn() throws Exception {
        browser.quit();
        browser = chromium("de");
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        Words german = TestWords.GERMAN;
        Path photo = dir.resolve("hafen.png");
        Files.write(photo, TestImages.encode(Scenes.landscape(8, 320, 240), "png"));
        browser.get(url("/"));

        assertThat(js("return document.documentElement.lang")).isEqualTo("de");
        assertThat(browser.getTitle()).isEqualTo(german.say("playground.page.title"));
        assertThat(byId("start-button").getText()).isEqualTo(german.say("playground.page.start.button"));
        assertThat(byId("nav-gallery").getText()).isEqualTo(german.say("playground.page.nav.gallery"));
        assertThat(browser.findElement(By.cssSelector("label[for=start-prompt]")).getText()).isEqualTo(german.say("playground.page.start.prompt"));
        // The API's words on the page (the editor's help, from /api/capabilities) are in the same language.
        WebElement flags = wait.until(page -> browser.findElement(By.cssSelector("#start [data-flags-help]")));
        wait.until(page -> flags.isDisplayed());
        assertThat(flags.getText()).isEqualTo(capabilities("de").path("help").path("flags").asText());
        // The model select's titles (each model's price, from /api/capabilities) too: the offline editor is free here.
        List<?> titles = wait.until(page -> {
            List<?> shown = (List<?>) js("return [...document.querySelectorAll('select[name=model] option')].map(o => o.title).filter(t => t)");
            return shown.isEmpty() ? null : shown;
        });
        assertThat(titles).allSatisfy(title -> assertThat(title).isEqualTo("offline: " + german.say("models.price.free")));

        byId("file").sendKeys(photo.toString());
        byId("start-prompt").sendKeys("make it sepia");
        byId("start-button").click();
        wait.until(page -> browser.getCurrentUrl().contains("#session/"));
        awaitTurnsDone(1);

        WebElement turn = turnCards().get(0);
        assertThat(turn.findElement(By.cssSelector(".status")).getText()).isEqualTo(german.say("picture.turn.status.done"));
        assertThat(turn.findElement(By.cssSelector(".meta")).getText()).startsWith(german.say("playground.page.turn.name", "number", 1) + " ·");
        assertThat(turn.findElement(By.cssSelector("[data-reroll]")).getText()).isEqualTo(german.say("playground.page.turn.reroll"));
        assertThat(byId("undo").getText()).isEqualTo(german.say("playground.page.session.undo"));
        assertThat(byId("session-meta").getText()).contains(german.say("playground.page.count.turns.one", "count", 1));
        byId("send").click();
        wait.until(page -> byId("banner").isDisplayed());
        assertThat(byId("banner").getText()).isEqualTo(german.say("playground.page.error.noInstructionExample", "example",
                capabilities("de").path("example").asText()));

        // A reroll is named as the timeline picture names it, after the turn it rerolls.
        // The page redraws its cards when the scores arrive: the button is found afresh until a click lands.
        wait.until(page -> {
            turnCards().get(0).findElement(By.cssSelector("[data-reroll]")).click();
            return true;
        });
        awaitTurnsDone(2);
        assertThat(turnCards().get(0).findElement(By.cssSelector(".meta")).getText())
                .startsWith(german.say("playground.page.turn.name", "number", 2) + " · " + german.say("picture.turn.rerollOf", "turn", 1) + " ·");
        assertThat(turnCards().get(1).findElement(By.cssSelector(".meta")).getText()).contains(" · " + german.say("picture.turn.edit") + " · ");

        assertThat(englishWordsShown()).as("English words of the page's on the German page").isEmpty();
        screenshot("playground-german.png");
    }

    /** The capabilities as the page fetches them, in {@code language}. */
    private com.fasterxml.jackson.databind.JsonNode capabilities(String language) throws IOException {
        try (okhttp3.Response response = new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder()
                .url(url("/api/capabilities")).header("Accept-Language", language).build()).execute()) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body().string());
        }
    }

    /**
     * Words of the English page's sentences (and not of the German's) that the page shows. Left out: what the person
     * wrote (the turns' instructions), the editor's instructions and its example one (English as the offline editor
     * reads them) and the flags' names (--seed: syntax, not words). The model select's titles (the catalogue's prices
     * and reasons, from /api/capabilities) are checked with the rest.
     */
    private java.util.Set<String> englishWordsShown() throws IOException {
        java.util.Set<String> english = new java.util.TreeSet<>();
        java.util.Set<String> germanWords = new java.util.TreeSet<>();
        PlaygroundPage.words(TestWords.ENGLISH).values().forEach(text -> english.addAll(letterWords(text)));
        PlaygroundPage.words(TestWords.GERMAN).values().forEach(text -> germanWords.addAll(letterWords(text)));
        english.removeAll(germanWords);
        assertThat(english).contains("Undo", "turn", "Timeline");
        String shown = (String) js("const page = document.body.cloneNode(true);"
                + "page.querySelectorAll('script, [data-vocabulary], .turn h3, [hidden]').forEach(e => e.remove());"
                + "const attributes = [...page.querySelectorAll('[title], [alt], [placeholder], [aria-label]')]"
                + "  .flatMap(e => ['title', 'alt', 'placeholder', 'aria-label'].map(a => e.getAttribute(a) || ''));"
                + "return page.textContent + ' ' + attributes.join(' ');");
        String example = capabilities("de").path("example").asText();
        java.util.Set<String> left = new java.util.TreeSet<>(letterWords(shown.replace(example, " ").replaceAll("--\\w+", " ")));
        left.retainAll(english);
        return left;
    }

    private static List<String> letterWords(String text) {
        return java.util.regex.Pattern.compile("\\p{L}{3,}").matcher(text.replaceAll("\\{\\w+}", " ")).results()
                .map(java.util.regex.MatchResult::group).toList();
    }

    /** The page at a desktop's and at a phone's width (as Chromium's device emulation gives them), checked and shot whole. */
    private void checkEveryWidth(String view, java.util.function.IntConsumer check) throws IOException {
        for (int width : new int[]{1280, 390}) {
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", width < 600 ? 844 : 900,
                    "deviceScaleFactor", 1, "mobile", width < 600));
            wait.until(page -> js("return window.innerWidth").equals((long) width));
            check.accept(width);
            wholePage("playground-" + view + "-" + width + ".png");
        }
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private void nothingOverflows(int width) {
        assertThat((Long) js("return document.documentElement.scrollWidth")).as("page width at " + width + " px").isLessThanOrEqualTo(width);
    }

    private void textareaFitsAndNothingOverflows(int width) {
        nothingOverflows(width);
        assertThat(box("#start-prompt").get("width")).as("instruction box width at " + width + " px").isGreaterThanOrEqualTo(300);
    }

    /** At 390 px the picture sits above the instruction box, which gets the width; at 1280 px they sit side by side. */
    private void sessionStacksOnAPhone(int width) {
        nothingOverflows(width);
        Map<String, Long> image = box("#head-image");
        Map<String, Long> prompt = box("#prompt");
        assertThat(prompt.get("width")).as("instruction box width at " + width + " px").isGreaterThanOrEqualTo(300);
        if (width < 600) {
            assertThat(image.get("bottom")).as("picture above the instruction box").isLessThanOrEqualTo(prompt.get("top"));
            assertThat(image.get("width")).as("picture width").isGreaterThanOrEqualTo(300);
        } else {
            assertThat(image.get("right")).as("picture beside the instruction box").isLessThanOrEqualTo(prompt.get("left"));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> box(String selector) {
        return (Map<String, Long>) js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                + "return {left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top), bottom: Math.round(r.bottom), width: Math.round(r.width)};",
                selector);
    }

    /** Pictures the page asked for that arrived broken or empty (a picture still loading is not one). */
    @SuppressWarnings("unchecked")
    private List<String> brokenImages() {
        return (List<String>) js("return [...document.images].filter(i => i.getAttribute('src') !== null && i.complete && i.naturalWidth === 0)"
                + ".map(i => i.id || i.getAttribute('src'));");
    }

    /** No emoji in what the page shows: where no emoji font is installed they are empty boxes. */
    private void assertNoEmoji() {
        assertThat((String) js("return [...document.body.innerText.matchAll(/\\p{Extended_Pictographic}/gu)].map(m => m[0]).join(' ');")).isEmpty();
    }

    /** Whether the timeline picture shown has the same pixels as one the server draws now, for the session as it is. */
    private boolean timelineShowsTheSessionAsItIs() {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const img = document.getElementById('timeline-image');"
                        + "if (img.hidden || !img.complete || !img.naturalWidth) return done(false);"
                        + "const pixels = (source, w, h) => { const c = document.createElement('canvas'); c.width = w; c.height = h;"
                        + "  c.getContext('2d').drawImage(source, 0, 0); return c.toDataURL(); };"
                        + "const now = new URL(img.src); now.searchParams.set('v', 'now-' + Date.now());"
                        + "fetch(now).then(r => r.blob()).then(createImageBitmap)"
                        + "  .then(b => done(pixels(b, b.width, b.height) === pixels(img, img.naturalWidth, img.naturalHeight)), () => done(false));"));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** The whole page, not only the window, as Chromium's DevTools capture it. */
    @SuppressWarnings("unchecked")
    private void wholePage(String name) throws IOException {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", ((Number) size.get("width")).doubleValue(),
                "height", Math.min(8000, ((Number) size.get("height")).doubleValue()), "scale", 1);
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), java.util.Base64.getDecoder().decode((String) shot.get("data")));
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
