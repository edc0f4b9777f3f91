package dev.kontextbot.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.time.Duration;

/** Every setting of {@code config/application.yaml}, after environment overrides; see that file for meanings. */
public record AppConfig(String provider, Path dataDir, Database database, Http http, Images images, Engine engine,
                        Defaults defaults, Providers providers, Discord discord, Slack slack,
                        java.util.Map<String, ModelSetting> models) {

    public record Database(String url, String user, Secret password, int maxConnections, Duration connectionTimeout,
                           Duration healthTimeout) {
    }

    public record Http(boolean enabled, String host, int port, int maxRequestMb, Secret accessToken, String publicUrl) {
    }

    /** {@code store}: {@code file} (under data-dir) or {@code s3} (the bucket in {@code s3}). */
    public record Images(int maxUploadMb, int maxMegapixels, boolean allowHttpUrls, Duration fetchTimeout, String store, S3 s3) {
        public String storeKind() {
            return store.trim().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean usesS3() {
            return "s3".equals(storeKind());
        }
    }

    public record S3(String bucket, String endpoint, String region, String prefix) {
        public dev.kontextbot.store.S3Settings settings() {
            return new dev.kontextbot.store.S3Settings(bucket, endpoint, region, prefix);
        }
    }

    public record Engine(int workerThreads, Duration pollInterval, Duration turnDeadline, int maxPromptLength, int votesToPick,
                         Retry retry, Circuit circuit, QuotaLimits quotas, BudgetLimits budgets, String instanceId, Duration lease,
                         Duration unknownStatusPatience) {
    }

    /** Dollars; 0 means no budget. */
    public record BudgetLimits(double userPerDay, double tenantPerMonth) {
    }

    public record QuotaLimits(int userTurnsPerHour, int tenantTurnsPerHour, int userRunning, int tenantRunning) {
    }

    public record Circuit(int failures, Duration openFor) {
    }

    public record Retry(int maxRetries, Duration firstDelay, Duration maxDelay, double multiplier, double jitter) {
    }

    public record Defaults(String model,
                           @JsonProperty("num_images") int numImages,
                           @JsonProperty("guidance_scale") double guidanceScale,
                           @JsonProperty("output_format") String outputFormat,
                           @JsonProperty("safety_tolerance") int safetyTolerance,
                           @JsonProperty("enhance_prompt") boolean enhancePrompt,
                           @JsonProperty("aspect_ratio") String aspectRatio) {
    }

    public record Providers(Duration connectTimeout, Duration readTimeout, int maxResultMb,
                            Runflow runflow, Remote bfl, Uploading fal, Uploading replicate, ComfyUi comfyui) {
    }

    /** The operator's own ComfyUI: {@code url} empty means off with {@code provider: auto}, the default address when named. */
    public record ComfyUi(String url, int steps) {
        public static final String DEFAULT_URL = "http://127.0.0.1:8188";

        public String urlOrDefault() {
            return url == null || url.isBlank() ? DEFAULT_URL : url.trim();
        }
    }

    /** One entry of the model catalogue ({@code models.<id>}); {@link CatalogueSettings} checks and converts it. */
    public record ModelSetting(String label, PriceSetting price, java.util.Map<String, ServeSetting> serve) {
    }

    /** Dollars: {@code per-image}, or {@code first}/{@code further} per megapixel ({@code inputs}: input megapixels billed). */
    public record PriceSetting(Double perImage, Double first, Double further, Boolean inputs) {
    }

    /** {@code models.<id>.serve.<provider>}: see config/application.yaml. */
    public record ServeSetting(String path, String multiPath, String textPath, Integer maxImages, String numImages, String size,
                               Integer maxMegapixels, java.util.List<Double> guidance, java.util.List<Double> steps,
                               java.util.List<Integer> safety, java.util.List<String> formats, Boolean promptUpsampling, Boolean free) {
    }

    /** Runflow's connection and the switches for what its docs do not describe (see docs/providers.md). */
    public record Runflow(String baseUrl, Secret apiKey, boolean maxEnabled, boolean cancelRoute, int maxAttempts, int inlineMaxKb) {
        public Remote remote() {
            return new Remote(baseUrl, apiKey);
        }
    }

    public record Remote(String baseUrl, Secret apiKey) {
    }

    /**
     * A service with an upload API for inputs: {@code inlineMaxKb}, an input it cannot fetch by URL goes inline up to
     * this size and through the upload API above it (read once, when the provider is built).
     */
    public record Uploading(String baseUrl, Secret apiKey, int inlineMaxKb) {
        public Remote remote() {
            return new Remote(baseUrl, apiKey);
        }

        public long inlineMaxBytes() {
            return inlineMaxKb * 1024L;
        }
    }

    public record Discord(Secret token, String devGuild, String apiUrl, String ignorePrefix, java.util.List<String> allowedChannels,
                          java.util.List<String> allowedRoles, boolean allowDms, int maxUploadMb, int shardTotal, String shards,
                          boolean gatewayCompression) {
    }

    public record Slack(Secret botToken, Secret appToken, Secret signingSecret, String mode, String apiUrl, int socketConnections) {
    }
}
