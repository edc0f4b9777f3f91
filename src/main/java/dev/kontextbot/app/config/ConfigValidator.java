package dev.kontextbot.app.config;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.catalogue.ModelCatalogue;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Checks what the types alone cannot; each failure names the setting (and its environment variable). */
final class ConfigValidator {
    static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");
    static final Set<String> PROVIDERS = providers();

    private static Set<String> providers() {
        Set<String> names = new java.util.TreeSet<>(dev.kontextbot.app.ProviderFactories.NAMES);
        names.add("auto");
        return Set.copyOf(names);
    }

    void validate(AppConfig c) {
        require(PROVIDERS.contains(c.provider()), "provider (KONTEXT_PROVIDER) must be one of " + String.join(", ", new java.util.TreeSet<>(PROVIDERS)) + ", not '" + c.provider() + "'");
        require(c.database().maxConnections() >= 1, "database.max-connections must be at least 1");
        require(c.database().connectionTimeout() != null && c.database().connectionTimeout().toMillis() >= 250,
                "database.connection-timeout must be at least 250ms (the pool's shortest)");
        require(c.database().healthTimeout() != null && c.database().healthTimeout().toMillis() >= 100,
                "database.health-timeout must be at least 100ms");
        require(c.http().port() >= 0 && c.http().port() <= 65535, "http.port (KONTEXT_HTTP_PORT) must be between 0 and 65535, not " + c.http().port());
        require(c.http().maxRequestMb() >= 1, "http.max-request-mb must be at least 1");
        require(!c.http().enabled() || LOOPBACK.contains(c.http().host()) || c.http().accessToken().value().length() >= 16,
                "http.host (KONTEXT_HTTP_HOST) is '" + c.http().host() + "', so the playground is reachable from other machines: "
                        + "set KONTEXT_HTTP_TOKEN (http.access-token) to a secret of at least 16 characters");
        if (!c.http().publicUrl().isBlank()) {
            url(c.http().publicUrl(), "http.public-url (KONTEXT_PUBLIC_URL)");
        }
        require(c.images().maxUploadMb() >= 1, "images.max-upload-mb must be at least 1");
        require(c.images().maxMegapixels() >= 1, "images.max-megapixels must be at least 1");
        positive(c.images().fetchTimeout(), "images.fetch-timeout");
        require(c.images().usesS3() || "file".equals(c.images().storeKind()),
                "images.store (KONTEXT_IMAGES_STORE) must be file or s3, not '" + c.images().store() + "'");
        if (c.images().usesS3()) {
            require(!c.images().s3().bucket().isBlank(), "images.store is s3, so images.s3.bucket (KONTEXT_S3_BUCKET) must name the bucket");
            if (!c.images().s3().endpoint().isBlank()) {
                url(c.images().s3().endpoint(), "images.s3.endpoint (KONTEXT_S3_ENDPOINT)");
            }
        }
        require(c.engine().workerThreads() >= 1 && c.engine().workerThreads() <= 256, "engine.worker-threads must be between 1 and 256");
        positive(c.engine().pollInterval(), "engine.poll-interval");
        positive(c.engine().turnDeadline(), "engine.turn-deadline");
        require(c.engine().unknownStatusPatience() != null && !c.engine().unknownStatusPatience().isNegative(), "engine.unknown-status-patience must not be negative");
        require(c.engine().turnDeadline().compareTo(c.engine().pollInterval()) > 0, "engine.turn-deadline must be longer than engine.poll-interval");
        require(c.engine().maxPromptLength() >= 1, "engine.max-prompt-length must be at least 1");
        require(c.engine().votesToPick() >= 0, "engine.votes-to-pick must not be negative (0 turns vote picking off)");
        require(c.engine().retry().maxRetries() >= 0, "engine.retry.max-retries must not be negative");
        positive(c.engine().retry().firstDelay(), "engine.retry.first-delay");
        require(c.engine().retry().maxDelay().compareTo(c.engine().retry().firstDelay()) >= 0, "engine.retry.max-delay must not be shorter than engine.retry.first-delay");
        require(c.engine().retry().multiplier() >= 1, "engine.retry.multiplier must be at least 1");
        require(c.engine().retry().jitter() >= 0 && c.engine().retry().jitter() <= 1, "engine.retry.jitter must be between 0 and 1");
        require(c.engine().circuit().failures() >= 0, "engine.circuit.failures must not be negative (0 turns the circuit breaker off)");
        positive(c.engine().circuit().openFor(), "engine.circuit.open-for");
        AppConfig.QuotaLimits q = c.engine().quotas();
        require(q.userTurnsPerHour() >= 0 && q.tenantTurnsPerHour() >= 0 && q.userRunning() >= 0 && q.tenantRunning() >= 0,
                "engine.quotas must not be negative (0 means no limit)");
        AppConfig.BudgetLimits b = c.engine().budgets();
        require(b.userPerDay() >= 0 && b.tenantPerMonth() >= 0 && b.userPerDay() <= 1_000_000 && b.tenantPerMonth() <= 1_000_000,
                "engine.budgets must be amounts of dollars from 0 (no budget) to 1000000");
        require(c.engine().instanceId().length() <= 100, "engine.instance-id (KONTEXT_INSTANCE_ID) must be at most 100 characters");
        require(c.engine().lease() != null && c.engine().lease().compareTo(Duration.ofSeconds(1)) >= 0,
                "engine.lease must be at least 1s (it is renewed every third of it)");
        positive(c.providers().connectTimeout(), "providers.connect-timeout");
        positive(c.providers().readTimeout(), "providers.read-timeout");
        require(c.providers().maxResultMb() >= 1, "providers.max-result-mb must be at least 1");
        url(c.providers().runflow().baseUrl(), "providers.runflow.base-url (RUNFLOW_BASE_URL)");
        url(c.providers().bfl().baseUrl(), "providers.bfl.base-url (BFL_BASE_URL)");
        url(c.providers().fal().baseUrl(), "providers.fal.base-url (FAL_BASE_URL)");
        url(c.providers().replicate().baseUrl(), "providers.replicate.base-url (REPLICATE_BASE_URL)");
        url(c.providers().comfyui().urlOrDefault(), "providers.comfyui.url (COMFYUI_URL)");
        require(c.providers().comfyui().steps() >= 1 && c.providers().comfyui().steps() <= 200, "providers.comfyui.steps must be 1 to 200");
        url(c.slack().apiUrl(), "slack.api-url (SLACK_API_URL)");
        url(c.discord().apiUrl(), "discord.api-url (DISCORD_API_URL)");
        require(c.discord().maxUploadMb() >= 1, "discord.max-upload-mb must be at least 1");
        require(c.discord().shardTotal() >= 0, "discord.shard-total (DISCORD_SHARD_TOTAL) must not be negative (0: as Discord recommends)");
        require(c.discord().shards().isBlank() || c.discord().shards().matches("\\s*\\d+(\\s*-\\s*\\d+)?(\\s*,\\s*\\d+(\\s*-\\s*\\d+)?)*\\s*"),
                "discord.shards (DISCORD_SHARDS) must list shard ids like 0-3 or 0,2,4, not '" + c.discord().shards() + "'");
        require(c.discord().shards().isBlank() || c.discord().shardTotal() > 0,
                "discord.shards (DISCORD_SHARDS) needs discord.shard-total (DISCORD_SHARD_TOTAL) set too");
        require(c.slack().socketConnections() >= 1 && c.slack().socketConnections() <= 10,
                "slack.socket-connections (SLACK_SOCKET_CONNECTIONS) must be 1 to 10 (Slack allows 10 per app)");
        require(List.of("socket", "http").contains(c.slack().mode()), "slack.mode (SLACK_MODE) must be socket or http, not '" + c.slack().mode() + "'");
        requireKey(c, "runflow", c.providers().runflow().remote(), "RUNFLOW_API_KEY");
        require(c.providers().runflow().maxAttempts() >= 1 && c.providers().runflow().maxAttempts() <= 20,
                "providers.runflow.max-attempts must be 1 to 20 (Runflow's docs ask for at most 5)");
        require(c.providers().runflow().inlineMaxKb() >= 0, "providers.runflow.inline-max-kb must not be negative");
        require(c.providers().fal().inlineMaxKb() >= 0, "providers.fal.inline-max-kb must not be negative");
        require(c.providers().replicate().inlineMaxKb() >= 0, "providers.replicate.inline-max-kb must not be negative");
        requireKey(c, "bfl", c.providers().bfl(), "BFL_API_KEY");
        requireKey(c, "fal", c.providers().fal().remote(), "FAL_KEY");
        requireKey(c, "replicate", c.providers().replicate().remote(), "REPLICATE_API_TOKEN");
        defaults(c.defaults());
        ModelCatalogue catalogue = new CatalogueSettings(dev.kontextbot.app.ProviderFactories.NAMES).catalogue(c.models());
        ModelId model = ModelId.parse(c.defaults().model());
        require(catalogue.find(model).isPresent(), "defaults.model (KONTEXT_DEFAULT_MODEL) is '" + c.defaults().model()
                + "', which the catalogue (models:) does not list; the models are " + catalogue.ids());
    }

    private static void defaults(AppConfig.Defaults d) {
        try {
            ModelId.parse(d.model());
            OutputFormat.parse(d.outputFormat());
            if (!d.aspectRatio().isBlank()) {
                AspectRatio.parse(d.aspectRatio());
            }
            new TurnParams(ModelId.KONTEXT_PRO, null, d.numImages(), d.guidanceScale(), OutputFormat.JPEG, d.safetyTolerance(), false, 0);
        } catch (InvalidParameterException e) {
            throw new ConfigException("defaults." + e.parameter() + ": " + e.getMessage());
        }
    }

    private static void requireKey(AppConfig c, String name, AppConfig.Remote remote, String variable) {
        require(!c.provider().equals(name) || remote.apiKey().isSet(),
                "provider is " + name + " but no API key is set: set " + variable + " (providers." + name + ".api-key)");
    }

    private static void url(String value, String setting) {
        try {
            URI uri = URI.create(value);
            require(("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null,
                    setting + " must be an http(s) URL, not '" + value + "'");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting + " must be an http(s) URL, not '" + value + "'");
        }
    }

    private static void positive(Duration duration, String setting) {
        require(duration != null && !duration.isZero() && !duration.isNegative(), setting + " must be a positive duration such as 30s");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ConfigException(message);
        }
    }
}
