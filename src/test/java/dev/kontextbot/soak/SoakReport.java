package dev.kontextbot.soak;

import dev.kontextbot.soak.ChaosScript.Disruption;
import dev.kontextbot.soak.SoakLoad.Platform;
import dev.kontextbot.soak.SoakLoad.Sent;
import dev.kontextbot.soak.TurnLedger.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The soak's figures in words, and the expectations they break. Every expectation is checked here, in one place, so
 * the report and the verdict cannot disagree.
 */
final class SoakReport {
    /** How long a health probe may take while the database is down (issue #17: a short validation timeout). */
    static final Duration PROBE_LIMIT_IN_OUTAGE = Duration.ofSeconds(3);
    /** How long after the server stopped a probe may still say the database is up. */
    static final Duration OUTAGE_NOTICE = Duration.ofSeconds(2);
    /** How long past its deadline a turn may end: the engine's deadline sweep runs now and then, not at the instant. */
    static final Duration DEADLINE_SWEEP_SLACK = Duration.ofSeconds(30);
    /** How long an API request may take while the database is down: it fails fast with 503 instead. */
    static final Duration API_LIMIT_IN_OUTAGE = Duration.ofSeconds(5);

    /** What the run left behind, gathered by the soak. */
    record Facts(String setup, java.time.Instant start, Duration length, Duration turnDeadline, List<Disruption> disruptions, Connections end,
                 List<Integer> shardsWhenSaidConnected, List<Sent> sent, List<Row> turns, Map<String, Integer> acceptedByPrompt, Predicate<Sent> answered,
                 List<ChaosScript.Window> outages, List<Healthz.Probe> outageProbes, LoggedErrors log, int served5xx, int refusedSocketOpens) {
    }

    /**
     * ERRORs logged with a Throwable, described: {@code escaped} our code (to a thread or a library), or {@code handled}
     * by it (caught, logged with the stack, the person answered); and the JVM's "Exception in thread" lines on stderr.
     */
    record LoggedErrors(List<String> escaped, List<String> handled, int uncaughtOnStderr) {
    }

    /** The connections once the weather has passed. */
    record Connections(int shards, int shardsWanted, int sockets, int socketsWanted, Healthz.Probe healthz) {
    }

    private final StringBuilder text = new StringBuilder();
    private final List<String> violations = new ArrayList<>();

    SoakReport(Facts f) {
        line("kontext-bot soak: %s for %s", f.setup(), seconds(f.length()));
        disruptions(f);
        connections(f);
        requests(f);
        turns(f);
        outage(f);
        log(f);
        line("");
        if (violations.isEmpty()) {
            line("Every expectation held.");
        } else {
            line("Failed expectations (%d):", violations.size());
            violations.forEach(v -> line("  - %s", v));
        }
    }

    String text() {
        return text.toString();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    private void disruptions(Facts f) {
        line("");
        line("Disruptions (recovery timed from the end of each):");
        for (Disruption d : f.disruptions()) {
            line("  t+%-4d %-70s affected %3d, lasted %6s, recovered %s", Duration.between(f.start(), d.start()).toSeconds(), d.kind().words,
                    d.affected(), seconds(Duration.between(d.start(), d.end())),
                    d.timeToRecover().map(t -> "in " + seconds(t)).orElse("NOT within " + seconds(ChaosScript.RECOVERY_LIMIT)));
            if (d.recovered().isEmpty()) {
                violations.add(d.kind().words + " at t+" + Duration.between(f.start(), d.start()).toSeconds() + " s: not recovered within "
                        + seconds(ChaosScript.RECOVERY_LIMIT));
            }
        }
        Map<ChaosScript.Kind, List<Duration>> byKind = new EnumMap<>(ChaosScript.Kind.class);
        f.disruptions().forEach(d -> d.timeToRecover().ifPresent(t -> byKind.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(t)));
        byKind.forEach((kind, times) -> line("  %-22s worst time to recover %s", kind,
                seconds(times.stream().max(Duration::compareTo).orElseThrow())));
        line("  provider 503s served: %d; Socket Mode opens refused with internal_error: %d", f.served5xx(), f.refusedSocketOpens());
    }

    private void connections(Facts f) {
        Connections c = f.end();
        line("");
        line("Connections at the end: Discord shards %d/%d, Slack sockets %d/%d, /healthz %s (database %s, discord %s, slack %s, provider %s)",
                c.shards(), c.shardsWanted(), c.sockets(), c.socketsWanted(), c.healthz().status(), c.healthz().component("database"),
                c.healthz().component("discord"), c.healthz().component("slack"), c.healthz().component("provider"));
        expect(c.shards() == c.shardsWanted(), "Discord: " + c.shards() + " of " + c.shardsWanted() + " shards connected at the end");
        expect(c.sockets() == c.socketsWanted(), "Slack: " + c.sockets() + " of " + c.socketsWanted() + " Socket Mode connections open at the end");
        expect(c.healthz().allUp(), "/healthz answered " + c.healthz().status() + " at the end: " + c.healthz().body());
        line("When the bot logged \"Discord connected\", shards identified at the fake: %s (of %d)", f.shardsWhenSaidConnected(), c.shardsWanted());
        f.shardsWhenSaidConnected().stream().filter(n -> n != c.shardsWanted()).findFirst().ifPresent(n -> violations.add(
                "Discord reported itself connected with " + n + " of " + c.shardsWanted() + " shards identified"));
    }

    private void requests(Facts f) {
        line("");
        line("Requests                      sent  delivered  answered  with a turn");
        Set<String> withTurn = f.turns().stream().map(Row::marker).collect(Collectors.toSet());
        for (Platform p : Platform.values()) {
            List<Sent> sent = f.sent().stream().filter(s -> s.platform() == p).toList();
            List<Sent> delivered = sent.stream().filter(Sent::delivered).toList();
            List<Sent> answered = delivered.stream().filter(f.answered()).toList();
            line("  %-26s %5d  %9d  %8d  %11d", p.name().toLowerCase(Locale.ROOT), sent.size(), delivered.size(), answered.size(),
                    delivered.stream().filter(s -> withTurn.contains(s.marker())).count());
            List<String> unanswered = delivered.stream().filter(f.answered().negate()).map(Sent::marker).toList();
            expect(unanswered.isEmpty(), p + ": " + unanswered.size() + " delivered request(s) never answered"
                    + (p == Platform.SLACK ? " (envelope not acknowledged)" : p == Platform.DISCORD ? " (no interaction callback)" : "") + ": "
                    + first(unanswered));
        }
        Map<Integer, Long> api = f.sent().stream().filter(s -> s.platform() == Platform.API)
                .collect(Collectors.groupingBy(Sent::httpStatus, TreeMap::new, Collectors.counting()));
        line("  API answers by status (-1: none): %s; slowest %s", api, seconds(f.sent().stream().filter(s -> s.platform() == Platform.API)
                .map(Sent::latency).max(Duration::compareTo).orElse(Duration.ZERO)));
        Map<String, Long> refusals = f.sent().stream().filter(s -> s.platform() == Platform.API && !s.refusal().isEmpty())
                .collect(Collectors.groupingBy(s -> s.httpStatus() + " " + s.refusal().replaceAll("\\d+", "N"), TreeMap::new, Collectors.counting()));
        refusals.forEach((what, n) -> line("    %3d x %s", n, what.length() > 160 ? what.substring(0, 160) + "…" : what));
        List<String> broken = f.sent().stream().filter(s -> s.platform() == Platform.API && (s.httpStatus() >= 500 && s.httpStatus() != 503
                || s.httpStatus() < 0)).map(s -> s.marker() + "=" + s.httpStatus()).toList();
        expect(broken.isEmpty(), "API: " + broken.size() + " request(s) answered 5xx other than 503, or not at all: " + first(broken));
    }

    private void turns(Facts f) {
        line("");
        Map<String, Long> outcomes = f.turns().stream().collect(Collectors.groupingBy(Row::outcome, TreeMap::new, Collectors.counting()));
        line("Turns: %d, by outcome %s", f.turns().size(), outcomes);
        List<String> stuck = f.turns().stream().filter(r -> !r.isFinal()).map(r -> r.id() + " " + r.status()).toList();
        expect(stuck.isEmpty(), stuck.size() + " turn(s) still queued or running after the turn deadline: " + first(stuck));
        List<String> late = f.turns().stream().filter(r -> r.finished() != null
                && Duration.between(r.created(), r.finished()).compareTo(f.turnDeadline().plus(DEADLINE_SWEEP_SLACK)) > 0)
                .map(r -> r.id() + " after " + seconds(Duration.between(r.created(), r.finished()))).toList();
        expect(late.isEmpty(), late.size() + " turn(s) ended more than " + seconds(DEADLINE_SWEEP_SLACK) + " past the turn deadline of "
                + seconds(f.turnDeadline()) + ": " + first(late));
        List<String> silent = f.turns().stream().filter(r -> r.isFinal() && !r.status().equals("done")
                && (r.errorMessage() == null || r.errorMessage().isBlank())).map(r -> r.id() + " " + r.outcome()).toList();
        expect(silent.isEmpty(), silent.size() + " turn(s) ended without a message for the person: " + first(silent));
        Map<String, Integer> twice = new TreeMap<>();
        f.acceptedByPrompt().forEach((prompt, n) -> {
            if (n > 1) {
                twice.put(prompt, n);
            }
        });
        line("Jobs the provider accepted: %d for %d prompt(s); submitted more than once: %d %s", f.acceptedByPrompt().values().stream()
                .mapToInt(Integer::intValue).sum(), f.acceptedByPrompt().size(), twice.size(), twice.isEmpty() ? "" : twice);
        expect(twice.isEmpty(), twice.size() + " job(s) submitted to the provider more than once: " + twice);
        // The fake finishes every job it accepted within seconds and its 5xx bursts are far shorter than the turn's
        // deadline, so a turn whose job id was stored has no reason but ours to end otherwise than done (issue #17:
        // "a turn whose job id is stored must never be failed for a database error"). One whose id never got stored
        // (the database went away between sending and storing) may end "interrupted": resending could bill twice.
        Set<String> accepted = f.acceptedByPrompt().keySet().stream().map(TurnLedger::markerOf).collect(Collectors.toSet());
        List<String> lost = f.turns().stream().filter(r -> accepted.contains(r.marker()) && r.providerJob() != null && !r.status().equals("done"))
                .map(r -> r.id() + " " + r.outcome()).toList();
        Map<String, Long> unstored = f.turns().stream().filter(r -> accepted.contains(r.marker()) && r.providerJob() == null)
                .collect(Collectors.groupingBy(Row::outcome, TreeMap::new, Collectors.counting()));
        line("Accepted jobs whose id was stored that did not end done: %d %s; accepted jobs whose id was never stored: %s", lost.size(),
                lost.isEmpty() ? "" : lost, unstored);
        expect(lost.isEmpty(), lost.size() + " turn(s) whose job the provider accepted (id stored) did not end done: " + first(lost));
        List<Row> internal = f.turns().stream().filter(Row::internalError).toList();
        List<String> acceptedInternal = internal.stream().filter(r -> r.providerJob() != null).map(r -> Long.toString(r.id())).toList();
        line("Failed for an internal error: %d, of which with an accepted (paid) job: %d", internal.size(), acceptedInternal.size());
        expect(acceptedInternal.isEmpty(), acceptedInternal.size() + " turn(s) whose job the provider had accepted failed for an internal error: "
                + first(acceptedInternal));
    }

    private void outage(Facts f) {
        line("");
        for (ChaosScript.Window w : f.outages()) {
            List<Healthz.Probe> probes = f.outageProbes().stream().filter(p -> w.holds(p.at())).toList();
            Map<String, Long> said = probes.stream().collect(Collectors.groupingBy(p -> p.status() + "/db " + p.component("database"),
                    TreeMap::new, Collectors.counting()));
            line("Database down at t+%d s for %s: /healthz probes %d, answers %s, slowest %s", Duration.between(f.start(), w.start()).toSeconds(),
                    seconds(Duration.between(w.start(), w.end())), probes.size(),
                    said, seconds(probes.stream().map(Healthz.Probe::latency).max(Duration::compareTo).orElse(Duration.ZERO)));
            List<String> slow = probes.stream().filter(p -> p.status() < 0 || p.latency().compareTo(PROBE_LIMIT_IN_OUTAGE) > 0)
                    .map(p -> seconds(p.latency())).toList();
            expect(slow.isEmpty(), "/healthz during the database outage: " + slow.size() + " of " + probes.size() + " probe(s) took over "
                    + seconds(PROBE_LIMIT_IN_OUTAGE) + ": " + first(slow));
            List<String> blind = probes.stream().filter(p -> Duration.between(w.start(), p.at()).compareTo(OUTAGE_NOTICE) >= 0)
                    .filter(p -> p.status() != 503 || !p.component("database").equals("down")).map(p -> p.status() + "/db " + p.component("database"))
                    .toList();
            expect(blind.isEmpty(), "/healthz during the database outage: " + blind.size() + " probe(s) made " + seconds(OUTAGE_NOTICE)
                    + " or more after the stop did not answer 503 with the database down: " + first(blind));
            List<Sent> api = f.sent().stream().filter(s -> s.platform() == Platform.API && w.holds(s.at())).toList();
            line("  API requests made meanwhile: %d, answers %s, slowest %s", api.size(), api.stream().collect(Collectors.groupingBy(Sent::httpStatus,
                    TreeMap::new, Collectors.counting())), seconds(api.stream().map(Sent::latency).max(Duration::compareTo).orElse(Duration.ZERO)));
            List<String> hung = api.stream()
                    .filter(s -> s.latency().compareTo(API_LIMIT_IN_OUTAGE) > 0 || !(s.httpStatus() / 100 == 2 || s.httpStatus() == 503))
                    .map(s -> s.marker() + "=" + s.httpStatus() + " in " + seconds(s.latency())).toList();
            expect(hung.isEmpty(), "API during the database outage: " + hung.size() + " request(s) not answered 2xx/503 within "
                    + seconds(API_LIMIT_IN_OUTAGE) + ": " + first(hung));
        }
    }

    private void log(Facts f) {
        LoggedErrors log = f.log();
        line("");
        line("Log: ERRORs with a Throwable that escaped our code: %d; caught by our code and logged with their stack: %d; "
                + "\"Exception in thread\" on stderr: %d", log.escaped().size(), log.handled().size(), log.uncaughtOnStderr());
        kinds("escaped", log.escaped());
        kinds("handled", log.handled());
        expect(log.escaped().isEmpty(), log.escaped().size() + " ERROR(s) whose Throwable escaped our code (to a thread, JDA or Bolt)");
        expect(log.uncaughtOnStderr() == 0, log.uncaughtOnStderr() + " \"Exception in thread\" on stderr");
    }

    private void kinds(String what, List<String> errors) {
        errors.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
                .forEach((error, n) -> line("  %s %4d x %s", what, n, error));
    }

    private void expect(boolean holds, String violation) {
        if (!holds) {
            violations.add(violation);
        }
    }

    private static String first(List<String> items) {
        return items.size() <= 8 ? items.toString() : items.subList(0, 8) + " …";
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private void line(String format, Object... args) {
        text.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
