package dev.kontextbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM flags and environment the image runs the bot with, read from the Dockerfile (its ENTRYPOINT between
 * {@code java} and {@code -jar}, its ENV lines, and the RUN of the class archive's training run), so the benchmark's
 * memory and start figures are the image's. {@code -XX:MaxRAM} stands in for the container's memory limit, which a
 * JVM outside a container cannot see.
 */
final class DockerfileFlags {
    /** Where the image keeps the jar and the class archive made from it; the benchmark puts its own paths there. */
    static final String IMAGE_JAR = "/app/kontext-bot.jar";
    static final String IMAGE_ARCHIVE = "/app/kontext-bot.jsa";
    static final String TRAINING_MAIN = "dev.kontextbot.app.ClassArchiveTraining";

    private DockerfileFlags() {
    }

    /**
     * The ENTRYPOINT's flags for a JVM on another class path (a child JVM of the benchmark on its own classpath): without
     * the class archive, which holds the jar's classes and is refused for any other class path.
     */
    static List<String> inBudget(long megabytes) throws IOException {
        List<String> flags = new ArrayList<>(entrypointFlags().stream().filter(flag -> !flag.startsWith("-XX:SharedArchiveFile=")).toList());
        flags.add(0, maxRam(megabytes));
        return flags;
    }

    /** The ENTRYPOINT's flags for {@code jar}, mapping {@code archive} where the image maps its class archive. */
    static List<String> forJar(long megabytes, Path archive) throws IOException {
        List<String> flags = new ArrayList<>(local(entrypointFlags(), null, archive));
        flags.add(0, maxRam(megabytes));
        return flags;
    }

    /** The Dockerfile's training run with {@code jar} and {@code archive} for the image's: the whole command line after {@code java}. */
    static List<String> trainingRun(long megabytes, Path jar, Path archive) throws IOException {
        List<String> run = local(trainingCommand(), jar, archive);
        List<String> arguments = new ArrayList<>(run.subList(1, run.size()));
        arguments.add(0, maxRam(megabytes));
        return arguments;
    }

    static List<String> entrypointFlags() throws IOException {
        List<String> command = execForm("ENTRYPOINT ");
        return command.subList(1, command.indexOf("-jar"));
    }

    /** The RUN that starts {@link #TRAINING_MAIN} in the runtime stage, as written: {@code java ... -cp <jar> <main>}. */
    static List<String> trainingCommand() throws IOException {
        return Files.readAllLines(Path.of("Dockerfile")).stream().filter(line -> line.startsWith("RUN [") && line.contains(TRAINING_MAIN))
                .map(line -> command(line.substring("RUN ".length()))).reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("the Dockerfile has no exec-form RUN of " + TRAINING_MAIN));
    }

    /** {@code MALLOC_ARENA_MAX} and the like: ENV lines of the runtime stage that are not the bot's own settings. */
    static Map<String, String> environment() throws IOException {
        String text = Files.readString(Path.of("Dockerfile"));
        java.util.regex.Matcher arena = java.util.regex.Pattern.compile("MALLOC_ARENA_MAX=(\\d+)").matcher(text);
        return arena.find() ? Map.of("MALLOC_ARENA_MAX", arena.group(1)) : Map.of();
    }

    private static List<String> execForm(String instruction) throws IOException {
        String line = Files.readAllLines(Path.of("Dockerfile")).stream().filter(l -> l.startsWith(instruction))
                .reduce((first, last) -> last).orElseThrow(() -> new IllegalStateException("the Dockerfile has no " + instruction.trim()));
        return command(line.substring(instruction.length()));
    }

    private static List<String> command(String json) {
        try {
            return List.of(new ObjectMapper().readValue(json, String[].class));
        } catch (IOException e) {
            throw new IllegalStateException("not an exec-form command: " + json, e);
        }
    }

    /** The image's paths replaced by the benchmark's ({@code jar} null: none expected). */
    private static List<String> local(List<String> arguments, Path jar, Path archive) {
        return arguments.stream().map(argument -> {
            String local = argument.replace(IMAGE_ARCHIVE, archive.toString());
            return jar == null ? local : local.replace(IMAGE_JAR, jar.toString());
        }).toList();
    }

    private static String maxRam(long megabytes) {
        return "-XX:MaxRAM=" + megabytes + "m";
    }
}
