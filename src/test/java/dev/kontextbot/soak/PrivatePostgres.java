package dev.kontextbot.soak;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the soak's own ({@code initdb} into a temporary directory, {@code pg_ctl} on a free port),
 * which the soak may stop and start at will: never the shared server other tests use. Settings, from the environment:
 * <ul>
 *   <li>{@code KONTEXT_SOAK_PG_BIN}: the directory holding initdb and pg_ctl; else the newest
 *       {@code /usr/lib/postgresql/<version>/bin} (Debian, Ubuntu), else whatever {@code PATH} finds.</li>
 *   <li>{@code KONTEXT_SOAK_PG_AS}: a command prefix that runs them as another user, e.g.
 *       {@code runuser -u postgres --}, since initdb refuses to run as root; as root it defaults to exactly that,
 *       otherwise to nothing (GitHub's runner user may run initdb itself).</li>
 * </ul>
 */
final class PrivatePostgres implements AutoCloseable {
    static final String USER = "kontext";

    private final List<String> prefix;
    private final Path bin;
    private final Path home;
    private final Path data;
    private final int port;
    private volatile boolean running;

    private PrivatePostgres(List<String> prefix, Path bin, Path home, int port) {
        this.prefix = prefix;
        this.bin = bin;
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
    }

    /** The binaries' directory, or empty when none can be found. */
    static Optional<Path> binaries(Map<String, String> env) {
        String configured = env.getOrDefault("KONTEXT_SOAK_PG_BIN", "");
        if (!configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(dir -> Files.isExecutable(dir.resolve("initdb")));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                        .max(Comparator.comparingInt(dir -> version(dir.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + debian + ": " + e.getMessage(), e);
            }
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).map(Path::of)
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))).findFirst();
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** initdb (trust on loopback, user {@value #USER}) and a first start. */
    static PrivatePostgres start(Path bin, Map<String, String> env) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        String as = env.getOrDefault("KONTEXT_SOAK_PG_AS", root ? "runuser -u postgres --" : "");
        List<String> prefix = as.isBlank() ? List.of() : List.of(as.trim().split("\\s+"));
        // Under /tmp, not target/: the user the server runs as must reach it, and may not reach the work tree.
        Path home = Files.createTempDirectory("kontext-soak-pg");
        if (!prefix.isEmpty()) {
            run(List.of("chmod", "755", home.toString()), "chmod");
            int at = prefix.indexOf("-u");
            if (at >= 0 && at + 1 < prefix.size()) {
                run(List.of("chown", prefix.get(at + 1), home.toString()), "chown");
            }
        }
        PrivatePostgres pg = new PrivatePostgres(prefix, bin, home, freePort());
        pg.as(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync"), "initdb");
        pg.start();
        return pg;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    boolean running() {
        return running;
    }

    void start() throws IOException, InterruptedException {
        as(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", home.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + home + " -c fsync=off -c max_connections=60", "start"), "pg_ctl start");
        running = true;
    }

    /** A fast shutdown: clients are disconnected at once, as when an operator restarts the server. */
    void stop() throws IOException, InterruptedException {
        running = false;
        as(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), "pg_ctl stop");
    }

    private void as(List<String> command, String what) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        run(full, what);
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " failed (" + String.join(" ", command) + "):\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (running) {
            stop();
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
