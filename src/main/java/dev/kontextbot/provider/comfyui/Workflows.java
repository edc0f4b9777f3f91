package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.provider.ProviderRoutes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The workflow files the catalogue's ComfyUI routes name ({@code path} for one image, {@code multi-path} for several,
 * {@code text-path} for none), read and checked once at start: a file that is missing, unreadable or lacks a
 * placeholder stops start-up with a message naming it, instead of failing the first turn.
 */
public final class Workflows {
    private final Map<String, Workflow> byPath;

    private Workflows(Map<String, Workflow> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** Reads every workflow of {@code routes}: a file path, or else the copy bundled in the jar. */
    public static Workflows load(ProviderRoutes routes, ObjectMapper mapper) {
        Map<String, Workflow> byPath = new HashMap<>();
        for (ModelId model : routes.models()) {
            Route route = routes.require(model);
            String at = "models." + model + ".serve." + route.provider();
            add(byPath, at + ".path", route.path(), 1, mapper);
            route.multiPath().ifPresent(path -> add(byPath, at + ".multi-path", path, route.maxImages(), mapper));
            route.textPath().ifPresent(path -> add(byPath, at + ".text-path", path, 0, mapper));
            if (route.maxImages() > 1 && route.multiPath().isEmpty()) {
                throw new IllegalArgumentException(at + ".max-images is " + route.maxImages()
                        + ": name a workflow with image_1 … image_" + route.maxImages() + " as multi-path");
            }
        }
        return new Workflows(byPath);
    }

    private static void add(Map<String, Workflow> byPath, String setting, String path, int images, ObjectMapper mapper) {
        String json = read(setting, path);
        Workflow workflow;
        try {
            workflow = Workflow.parse(path, json, images, mapper);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
        // Every image count the graph serves must leave a runnable graph: found now, not on someone's turn.
        for (int n = images; n >= Math.min(images, 2); n--) {
            try {
                workflow.fill(sample(n));
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(setting + ": " + e.getMessage() + " (with " + n + " images)", e);
            }
        }
        byPath.put(path, workflow);
    }

    /** The workflow a route uses for this many input images. */
    public Workflow forImages(Route route, int images) {
        return Optional.ofNullable(byPath.get(route.pathFor(images)))
                .orElseThrow(() -> new IllegalStateException("no workflow was loaded for " + route.pathFor(images)));
    }

    private static Map<String, Object> sample(int images) {
        Map<String, Object> values = new HashMap<>(Map.of("prompt", "p", "seed", 1L, "steps", 1, "guidance", 1.0,
                "width", 64, "height", 64, "batch_size", 1));
        for (int i = 1; i <= images; i++) {
            values.put("image_" + i, "i" + i);
        }
        return values;
    }

    private static String read(String setting, String path) {
        Path file = Path.of(path);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            try (InputStream bundled = Workflows.class.getClassLoader().getResourceAsStream(path.replace('\\', '/'))) {
                if (bundled != null) {
                    return new String(bundled.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read the ComfyUI workflow " + path + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(setting + ": the ComfyUI workflow " + path + " does not exist (relative to "
                + Path.of("").toAbsolutePath() + ")");
    }
}
