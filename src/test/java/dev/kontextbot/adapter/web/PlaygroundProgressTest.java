package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;
import dev.kontextbot.provider.comfyui.FakeComfyUi;
import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.Chromium;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application with KONTEXT_PROVIDER=comfyui against the loopback ComfyUI: the session JSON the playground
 * polls carries the running turn's latest progress, and the page shows it.
 */
class PlaygroundProgressTest {
    @TempDir
    Path dir;
    FakeComfyUi comfy;
    RunningPlayground playground;

    @BeforeEach
    void start() throws Exception {
        comfy = new FakeComfyUi();
        playground = RunningPlayground.start(dir, "defaults:\n  model: kontext-dev\n", Duration.ofSeconds(20),
                Map.of("KONTEXT_PROVIDER", "comfyui", "COMFYUI_URL", comfy.base()));
    }

    @AfterEach
    void stop() {
        playground.close();
        comfy.close();
    }

    private long startSession() throws IOException {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "make the jacket red")
                .addFormDataPart("image", "photo.jpg", RequestBody.create(PlaygroundApiTest.photo(), MediaType.get("application/octet-stream")))
                .build();
        Answer created = playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** ComfyUI has the prompt and runs it, at step 9 of 20. */
    private String runningAtStepNine() {
        Await.until(() -> comfy.order.size() == 1, "the prompt at ComfyUI");
        // ComfyUI tells progress only to a connected client: the bot's socket opens as its first job is sent.
        Await.until(() -> !comfy.sockets.isEmpty(), "the bot's progress socket");
        String id = comfy.only().id;
        comfy.run(id);
        comfy.step(id, 9, 20);
        return id;
    }

    @Test
    void theSessionJsonCarriesTheRunningTurnsStepsAndDropsThemWhenItEnds() throws Exception {
        long session = startSession();
        String prompt = runningAtStepNine();

        JsonNode running = playground.awaitSession(session, s -> s.get("turns").get(0).path("progress").path("percent").asInt() == 45, "45%");

        JsonNode progress = running.get("turns").get(0).get("progress");
        assertThat(progress.get("stage").asText()).isEqualTo("generating");
        assertThat(progress.get("step").asInt()).isEqualTo(9);
        assertThat(progress.get("steps").asInt()).isEqualTo(20);
        assertThat(progress.get("text").asText()).isEqualTo("Generating 45% (9/20 steps)…");

        comfy.finish(prompt);
        JsonNode done = playground.awaitSession(session, s -> s.get("turns").get(0).get("status").asText().equals("done"), "done");
        assertThat(done.get("turns").get(0).has("progress")).isFalse();
        assertThat(done.get("turns").get(0).get("variants")).hasSize(1);
    }

    @Test
    void thePageShowsThePercentAndABarWhileTheTurnRuns() throws Exception {
        Chromium chromium = Chromium.requireOrSkip();
        long session = startSession();
        runningAtStepNine();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.browser().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromium.driver().toFile())
                .usingAnyFreePort().build(), options);
        try {
            browser.get(playground.url("/#session/" + session));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(page -> page.findElements(By.cssSelector("#turns [data-turn-id] .status")).stream()
                    .anyMatch(badge -> badge.getText().contains("Generating 45% (9/20 steps)")));
            assertThat(browser.findElement(By.cssSelector("#turns progress.steps")).getAttribute("value")).isEqualTo("45");
        } finally {
            browser.quit();
        }
    }
}
