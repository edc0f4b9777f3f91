package dev.kontextbot.soak;

import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.adapter.slack.ChaoticSlack;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steady load: turns started through Discord (/kontext edit), Slack (a mention over Socket Mode) and the JSON API
 * (POST /api/sessions), each with a prompt of its own ({@code soak-<platform>-<n>}) so the provider fake and the
 * database can be matched turn by turn. Records what was sent and how each platform took it.
 */
final class SoakLoad {
    enum Platform { DISCORD, SLACK, API }

    /**
     * One request: {@code delivered} false when the platform could not carry it at all (no connection for it to
     * arrive on, as Discord or Slack would not deliver it either); {@code httpStatus}, {@code latency} and the body of a
     * refusal ({@code refusal}) for the API.
     */
    record Sent(Platform platform, String marker, Instant at, boolean delivered, Optional<SentInteraction> interaction,
                Optional<String> envelope, int httpStatus, Duration latency, String refusal) {
    }

    private final FakeDiscord discord;
    private final ChaoticSlack slack;
    private final byte[] photo;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(45)).callTimeout(Duration.ofSeconds(45)).build();
    private final String apiBase;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<Platform, AtomicInteger> numbers = Map.of(Platform.DISCORD, new AtomicInteger(), Platform.SLACK, new AtomicInteger(),
            Platform.API, new AtomicInteger());

    SoakLoad(FakeDiscord discord, ChaoticSlack slack, byte[] photo, int httpPort) {
        this.discord = discord;
        this.slack = slack;
        this.photo = photo;
        this.apiBase = "http://127.0.0.1:" + httpPort;
    }

    static String marker(Platform platform, int n) {
        return "soak-" + platform.name().toLowerCase(java.util.Locale.ROOT).charAt(0) + "-" + n;
    }

    private String next(Platform platform) {
        return marker(platform, numbers.get(platform).incrementAndGet());
    }

    void discordTurn() {
        String marker = next(Platform.DISCORD);
        Instant at = Instant.now();
        SentInteraction interaction;
        try {
            interaction = discord.slashCommand(discord.general(), numbers.get(Platform.DISCORD).get() % 2 == 0 ? discord.alice() : discord.bob(),
                    "kontext", "edit", Map.of("prompt", "warmer " + marker, "image", FakeFile.png("photo.png", photo)));
        } catch (IllegalStateException noGateway) {
            // No shard connected at this moment: Discord queues nothing for a bot that is offline.
            sent.add(new Sent(Platform.DISCORD, marker, at, false, Optional.empty(), Optional.empty(), 0, Duration.ZERO, ""));
            return;
        }
        // Sent to JDA only when a connected shard holds the guild; otherwise, as on Discord, it never reached the bot.
        boolean delivered = discord.dispatchedEvents().stream()
                .anyMatch(e -> e.type().equals("INTERACTION_CREATE") && e.payload().path("id").asText().equals(interaction.id()));
        sent.add(new Sent(Platform.DISCORD, marker, at, delivered, Optional.of(interaction), Optional.empty(), 0, Duration.ZERO, ""));
    }

    /** {@code oldest}: on the oldest open connection (the one a disconnect message just went to), else the newest. */
    void slackTurn(boolean oldest) {
        int n = numbers.get(Platform.SLACK).incrementAndGet();
        String marker = marker(Platform.SLACK, n);
        Instant at = Instant.now();
        Optional<String> envelope = slack.mention("C1", String.format(java.util.Locale.ROOT, "1700001000.%06d", n), "warmer " + marker, !oldest);
        sent.add(new Sent(Platform.SLACK, marker, at, envelope.isPresent(), Optional.empty(), envelope, 0, Duration.ZERO, ""));
    }

    void apiTurn() {
        String marker = next(Platform.API);
        Instant at = Instant.now();
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "warmer " + marker)
                .addFormDataPart("image", "photo.png", RequestBody.create(photo, MediaType.get("image/png"))).build();
        long start = System.nanoTime();
        int status;
        String refusal = "";
        try (Response response = http.newCall(new Request.Builder().url(apiBase + "/api/sessions").post(form).build()).execute()) {
            status = response.code();
            if (!response.isSuccessful()) {
                refusal = response.body().string();
            }
        } catch (IOException e) {
            status = -1;
            refusal = e.getClass().getSimpleName();
        }
        sent.add(new Sent(Platform.API, marker, at, true, Optional.empty(), Optional.empty(), status, Duration.ofNanos(System.nanoTime() - start),
                refusal));
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
