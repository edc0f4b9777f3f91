package dev.kontextbot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a benchmark part in a JVM of its own (its heap limit, its threads, its CPU time, nothing of the parent's),
 * on the parent's classpath. The child prints one {@code RESULT key=value ...} line.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    static Map<String, String> run(List<String> jvmOptions, Class<?> main, String... args) throws IOException, InterruptedException {
        return run(jvmOptions, Map.of(), main, args);
    }

    static Map<String, String> run(List<String> jvmOptions, Map<String, String> environment, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        Map<String, String> result = new java.util.concurrent.ConcurrentHashMap<>();
        Thread reader = new Thread(() -> read(process, result), "child-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(main.getSimpleName() + " did not finish within 10 minutes");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        if (process.exitValue() != 0 || result.isEmpty()) {
            throw new IllegalStateException(main.getSimpleName() + " failed (exit " + process.exitValue() + ")");
        }
        return result;
    }

    /** Keeps the RESULT line; shows errors as they come. */
    private static void read(Process process, Map<String, String> result) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).split(" ")) {
                        String[] kv = pair.split("=", 2);
                        result.put(kv[0], kv[1]);
                    }
                } else if (line.contains("ERROR") || line.contains("Exception") || line.startsWith("\tat ")) {
                    System.out.println("  [child] " + line);
                }
            }
        } catch (IOException e) {
            System.out.println("  [child] output unreadable: " + e.getMessage());
        }
    }
}
