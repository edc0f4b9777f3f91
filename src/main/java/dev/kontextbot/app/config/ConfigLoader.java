package dev.kontextbot.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the settings: the defaults shipped in the jar, then {@code config/application.yaml} (or the file named
 * by KONTEXT_CONFIG) over them, then environment variables over both.
 */
public final class ConfigLoader {
    /** Environment variable → setting it overrides. */
    public static final Map<String, String> ENVIRONMENT = environment();

    private static final String BUNDLED = "config/application.yaml";

    private final Map<String, String> env;
    private final ObjectMapper yaml;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
        this.yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationSetting()));
    }

    public AppConfig load() {
        String chosen = env.getOrDefault("KONTEXT_CONFIG", "");
        Path file = Path.of(chosen.isBlank() ? BUNDLED : chosen);
        if (!chosen.isBlank() && !Files.isRegularFile(file)) {
            throw new ConfigException("KONTEXT_CONFIG names " + file + ", which is not a readable file.");
        }
        return load(Files.isRegularFile(file) ? read(file) : null, file.toString());
    }

    /** {@code yamlText}: the settings file's content, or null when there is none (the defaults apply). */
    public AppConfig load(String yamlText, String source) {
        ObjectNode tree = (ObjectNode) parse(bundledDefaults(), "the built-in defaults");
        if (yamlText != null && !yamlText.isBlank()) {
            JsonNode overrides = parse(yamlText, source);
            if (!overrides.isObject()) {
                throw new ConfigException(source + " must be a YAML mapping of settings.");
            }
            merge(tree, (ObjectNode) overrides);
        }
        ENVIRONMENT.forEach((variable, setting) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                set(tree, setting, value.trim());
            }
        });
        AppConfig config = bind(tree, source);
        new ConfigValidator().validate(config);
        return config;
    }

    private AppConfig bind(ObjectNode tree, String source) {
        try {
            return yaml.treeToValue(tree, AppConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("Unknown setting '" + path(e) + "' in " + source + ". Known settings at that level: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ".");
        } catch (JsonMappingException e) {
            throw new ConfigException(invalidValue(tree, e));
        } catch (JsonProcessingException e) {
            throw new ConfigException("Cannot read settings from " + source + ": " + e.getOriginalMessage());
        }
    }

    /**
     * Names the setting, the environment variable it came from (when one set it) and the value as written, then what
     * was wrong: "http.port (KONTEXT_HTTP_PORT) is 'abc': Cannot deserialize value of type `int` ...".
     */
    private String invalidValue(ObjectNode tree, JsonMappingException e) {
        String setting = path(e);
        String source = ENVIRONMENT.entrySet().stream()
                .filter(entry -> entry.getValue().equals(setting) && env.get(entry.getKey()) != null && !env.get(entry.getKey()).isBlank())
                .map(entry -> " (" + entry.getKey() + ")")
                .findFirst().orElse("");
        JsonNode value = tree.at("/" + setting.replace(".", "/"));
        // A token or key is never repeated, even a malformed one: the message reaches the console and logs.
        boolean secret = setting.matches(".*(token|key|password|secret).*");
        String written = value.isMissingNode() || secret ? "" : " is '" + (value.isValueNode() ? value.asText() : value.toString()) + "'";
        String reason = e.getOriginalMessage().split("\n")[0];
        if (reason.contains("not a valid `int` value") || reason.contains("not a valid `long` value")) {
            reason = "it must be a whole number";
        } else if (reason.contains("`boolean`")) {
            reason = "it must be true or false";
        } else if (reason.contains("not a valid `double` value")) {
            reason = "it must be a number";
        } else if (reason.contains(DurationSetting.HINT)) {
            reason = DurationSetting.HINT;
        }
        return "Invalid setting " + setting + source + written + ": " + reason + ".";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private JsonNode parse(String text, String source) {
        try {
            JsonNode node = yaml.readTree(text);
            return node == null || node.isMissingNode() ? yaml.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + " is not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static void merge(ObjectNode target, ObjectNode overrides) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode existing = target.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode overrideObject) {
                merge(existingObject, overrideObject);
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private static void set(ObjectNode tree, String dottedPath, String value) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.with(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }

    private static String bundledDefaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " is missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> environment() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("KONTEXT_PROVIDER", "provider");
        map.put("KONTEXT_DEFAULT_MODEL", "defaults.model");
        map.put("KONTEXT_DATA_DIR", "data-dir");
        map.put("KONTEXT_IMAGES_STORE", "images.store");
        map.put("KONTEXT_S3_BUCKET", "images.s3.bucket");
        map.put("KONTEXT_S3_ENDPOINT", "images.s3.endpoint");
        map.put("KONTEXT_S3_REGION", "images.s3.region");
        map.put("KONTEXT_DB_URL", "database.url");
        map.put("KONTEXT_DB_USER", "database.user");
        map.put("KONTEXT_DB_PASSWORD", "database.password");
        map.put("KONTEXT_HTTP_HOST", "http.host");
        map.put("KONTEXT_HTTP_PORT", "http.port");
        map.put("KONTEXT_HTTP_TOKEN", "http.access-token");
        map.put("KONTEXT_PUBLIC_URL", "http.public-url");
        map.put("KONTEXT_INSTANCE_ID", "engine.instance-id");
        map.put("RUNFLOW_API_KEY", "providers.runflow.api-key");
        map.put("RUNFLOW_BASE_URL", "providers.runflow.base-url");
        map.put("BFL_API_KEY", "providers.bfl.api-key");
        map.put("BFL_BASE_URL", "providers.bfl.base-url");
        map.put("FAL_KEY", "providers.fal.api-key");
        map.put("FAL_BASE_URL", "providers.fal.base-url");
        map.put("REPLICATE_API_TOKEN", "providers.replicate.api-key");
        map.put("REPLICATE_BASE_URL", "providers.replicate.base-url");
        map.put("COMFYUI_URL", "providers.comfyui.url");
        map.put("DISCORD_TOKEN", "discord.token");
        map.put("DISCORD_DEV_GUILD", "discord.dev-guild");
        map.put("DISCORD_API_URL", "discord.api-url");
        map.put("DISCORD_SHARD_TOTAL", "discord.shard-total");
        map.put("DISCORD_SHARDS", "discord.shards");
        map.put("SLACK_BOT_TOKEN", "slack.bot-token");
        map.put("SLACK_APP_TOKEN", "slack.app-token");
        map.put("SLACK_SIGNING_SECRET", "slack.signing-secret");
        map.put("SLACK_MODE", "slack.mode");
        map.put("SLACK_API_URL", "slack.api-url");
        map.put("SLACK_SOCKET_CONNECTIONS", "slack.socket-connections");
        return Map.copyOf(map);
    }
}
