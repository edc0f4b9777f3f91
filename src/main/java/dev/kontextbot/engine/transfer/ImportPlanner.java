package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.transfer.SessionTransfers.CastVote;
import dev.kontextbot.engine.review.QualityFlag;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.engine.transfer.ArchiveManifest.HeadEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.ImageEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.TurnEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.VariantEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.VoteEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a manifest against itself and the store's limits and turns it into an {@link ImportedSession}: every
 * image it names is listed, turns are in order with parameters the product accepts, votes, head changes and
 * scores name variants that exist. Turns still queued or running when exported are recorded as cancelled.
 */
final class ImportPlanner {
    private final int maxTurns;

    ImportPlanner(int maxTurns) {
        this.maxTurns = maxTurns;
    }

    record Plan(ImportedSession session, List<ImageEntry> images) {
    }

    Plan plan(ArchiveManifest m, Conversation into) {
        check(m.session() != null, "manifest.json has no session.");
        Map<String, ImageId> files = files(m.images());
        List<TurnEntry> turnEntries = m.turns() == null ? List.of() : m.turns();
        List<VoteEntry> voteEntries = m.votes() == null ? List.of() : m.votes();
        check(turnEntries.size() <= maxTurns, "The session has " + turnEntries.size() + " turns; at most " + maxTurns + " can be imported.");
        Map<VariantRef, Integer> voteCounts = new HashMap<>();
        voteEntries.forEach(v -> voteCounts.merge(new VariantRef(v.turn(), v.variant()), 1, Integer::sum));

        Map<VariantRef, VariantScore> scores = new LinkedHashMap<>();
        Map<VariantRef, Variant> variants = new HashMap<>();
        List<ImportedSession.Turn> turns = new ArrayList<>();
        long previous = 0;
        for (TurnEntry t : turnEntries) {
            check(t.id() > previous, "Turn ids must be positive and in increasing order (turn " + t.id() + " after " + previous + ").");
            ImportedSession.Turn turn = turn(t, files, previous, turns, voteCounts, scores);
            turn.variants().forEach(v -> variants.put(v.ref(), v));
            turns.add(turn);
            previous = t.id();
        }
        List<CastVote> votes = votes(voteEntries, variants);
        List<HeadChange> heads = heads(m.headHistory() == null ? List.of() : m.headHistory(), files, variants);

        var s = m.session();
        ImageId source = optionalFile(s.source(), files, "the session's source");
        ImageId head = optionalFile(s.head(), files, "the session's head");
        ImageId lastHead = heads.isEmpty() ? null : heads.get(heads.size() - 1).image();
        check(java.util.Objects.equals(head, lastHead), "The session's head is not the last image of its head_history.");
        if (source != null) {
            check(!heads.isEmpty() && heads.get(0).image().equals(source), "The head_history must start with the session's source.");
        }
        ParamOverrides defaults = defaults(s.defaults());
        check(s.createdAt() != null, "The session has no created_at.");
        ImportedSession session = new ImportedSession(into, text(s.owner(), 128, "The session's owner"), source, defaults,
                s.createdAt(), turns, votes, heads, scores);
        return new Plan(session, m.images());
    }

    private ImportedSession.Turn turn(TurnEntry t, Map<String, ImageId> files, long previous, List<ImportedSession.Turn> earlier,
                                      Map<VariantRef, Integer> voteCounts, Map<VariantRef, VariantScore> scores) {
        String where = "Turn " + t.id();
        TurnKind kind = parse(t.kind(), TurnKind::parse, where + " has an unknown kind '" + t.kind() + "'.");
        TurnStatus status = parse(t.status(), TurnStatus::parse, where + " has an unknown status '" + t.status() + "'.");
        check(t.params() != null, where + " has no params.");
        TurnParams params;
        try {
            params = t.params().complete();
        } catch (IllegalArgumentException e) {
            throw ArchiveRejection.invalid(where + ": " + e.getMessage());
        }
        String errorCode = t.error() == null ? null : t.error().code();
        String errorMessage = t.error() == null ? null : t.error().message();
        if (!status.isFinal()) {
            // Nothing will run it here: it ends as a turn that was stopped, and says why.
            status = TurnStatus.CANCELLED;
            errorCode = "unfinished";
            errorMessage = "This turn had not finished when the session was exported.";
        }
        check(errorCode == null || errorCode.length() <= 32, where + ": the error code is longer than 32 characters.");
        check(errorMessage == null || errorMessage.length() <= 1000, where + ": the error message is longer than 1000 characters.");
        check(t.costMicros() >= 0, where + " has a negative cost.");
        check(t.inputBytesSent() == null || t.inputBytesSent() >= 0, where + " has a negative input_bytes_sent.");
        check(t.createdAt() != null, where + " has no created_at.");
        Long rerolledFrom = t.rerolledFrom();
        check(rerolledFrom == null || earlier.stream().anyMatch(e -> e.key() == rerolledFrom),
                where + " is a reroll of turn " + rerolledFrom + ", which is not an earlier turn of the archive.");
        List<VariantEntry> variantEntries = t.variants() == null ? List.of() : t.variants();
        check(variantEntries.isEmpty() || status == TurnStatus.DONE, where + " is " + status.wireName() + " but has variants.");
        check(variantEntries.size() <= TurnParams.MAX_IMAGES, where + " has more than " + TurnParams.MAX_IMAGES + " variants.");
        List<Variant> variants = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        for (VariantEntry v : variantEntries) {
            String variant = where + ", variant " + v.index();
            check(v.index() >= 0 && v.index() < TurnParams.MAX_IMAGES && indexes.add(v.index()), variant + ": the index must be 0–3 and unique.");
            check(v.seed() >= 0 && v.seed() <= TurnParams.MAX_SEED, variant + ": the seed is out of range.");
            VariantRef ref = new VariantRef(t.id(), v.index());
            int votes = voteCounts.getOrDefault(ref, 0);
            check(v.votes() == votes, variant + " says " + v.votes() + " votes but the archive lists " + votes + ".");
            variants.add(new Variant(t.id(), v.index(), file(v.image(), files, variant + "'s image"),
                    file(v.context(), files, variant + "'s context image"), v.seed(), votes));
            if (v.score() != null) {
                scores.put(ref, score(v.score(), variant));
            }
        }
        List<String> referenceFiles = t.references() == null ? List.of() : t.references();
        check(referenceFiles.size() <= ArchiveManifest.MAX_REFERENCES, where + " has more than " + ArchiveManifest.MAX_REFERENCES + " references.");
        List<ImageId> references = new ArrayList<>();
        for (int i = 0; i < referenceFiles.size(); i++) {
            references.add(file(referenceFiles.get(i), files, where + "'s image " + (i + 2)));
        }
        return new ImportedSession.Turn(t.id(), kind, text(t.prompt(), 4000, where + "'s prompt"), params,
                optionalFile(t.parent(), files, where + "'s parent"), rerolledFrom, text(t.requester(), 128, where + "'s requester"),
                text(t.provider(), 32, where + "'s provider"), status, errorCode, errorMessage, t.costMicros(), t.createdAt(),
                t.startedAt(), t.finishedAt(), variants, references, t.inputBytesSent());
    }

    private static List<CastVote> votes(List<VoteEntry> entries, Map<VariantRef, Variant> variants) {
        Set<String> seen = new HashSet<>();
        List<CastVote> votes = new ArrayList<>();
        for (VoteEntry v : entries) {
            VariantRef ref = new VariantRef(v.turn(), v.variant());
            check(variants.containsKey(ref), "A vote is for variant " + v.variant() + " of turn " + v.turn() + ", which the archive does not have.");
            String voter = text(v.voter(), 128, "A voter");
            check(seen.add(v.turn() + "/" + v.variant() + "/" + voter), voter + " votes twice for variant " + v.variant() + " of turn " + v.turn() + ".");
            check(v.castAt() != null, "A vote has no cast_at.");
            votes.add(new CastVote(ref, voter, v.castAt()));
        }
        return votes;
    }

    private static List<HeadChange> heads(List<HeadEntry> entries, Map<String, ImageId> files, Map<VariantRef, Variant> variants) {
        List<HeadChange> heads = new ArrayList<>();
        for (HeadEntry h : entries) {
            ImageId image = file(h.image(), files, "A head_history entry");
            HeadChange.Reason reason = parse(h.reason(), r -> HeadChange.Reason.valueOf(r.toUpperCase(Locale.ROOT)),
                    "A head_history entry has an unknown reason '" + h.reason() + "'.");
            check((h.turn() == null) == (h.variant() == null), "A head_history entry names a turn without a variant, or a variant without a turn.");
            VariantRef ref = h.turn() == null ? null : new VariantRef(h.turn(), h.variant());
            if (ref != null) {
                Variant variant = variants.get(ref);
                check(variant != null, "The head_history names variant " + h.variant() + " of turn " + h.turn() + ", which the archive does not have.");
                check(variant.context().equals(image), "The head_history entry for variant " + h.variant() + " of turn " + h.turn()
                        + " is not that variant's context image.");
            }
            heads.add(new HeadChange(image, ref, reason));
        }
        return heads;
    }

    private static Map<String, ImageId> files(List<ImageEntry> images) {
        check(images != null, "manifest.json lists no images.");
        Map<String, ImageId> files = new HashMap<>();
        for (ImageEntry image : images) {
            check(image.file() != null && ZipArchiveReader.ALLOWED.matcher(image.file()).matches() && image.file().startsWith("images/")
                    && !image.file().equals("images/"), "The image file name '" + image.file() + "' is not allowed.");
            check(ImageId.isValid(image.sha256()), image.file() + " has no valid sha256.");
            check(files.put(image.file(), new ImageId(image.sha256())) == null, image.file() + " is listed twice.");
        }
        return files;
    }

    private static ParamOverrides defaults(ArchiveManifest.ParamsEntry entry) {
        if (entry == null) {
            return ParamOverrides.NONE;
        }
        try {
            ParamOverrides defaults = entry.overrides().withoutSeed();
            defaults.resolve(() -> 0);
            return defaults;
        } catch (IllegalArgumentException e) {
            throw ArchiveRejection.invalid("The session's defaults: " + e.getMessage());
        }
    }

    private static VariantScore score(ArchiveManifest.ScoreEntry s, String where) {
        try {
            Set<QualityFlag> flags = new HashSet<>();
            (s.flags() == null ? List.<String>of() : s.flags()).forEach(f -> flags.add(QualityFlag.parse(f)));
            return new VariantScore(s.fidelity(), s.ssim(), s.hashDistance(), flags, s.sourceFidelity());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ArchiveRejection.invalid(where + " has a score that cannot be read: " + e.getMessage());
        }
    }

    private static ImageId file(String name, Map<String, ImageId> files, String what) {
        check(name != null, what + " names no image.");
        ImageId id = files.get(name);
        check(id != null, what + " is " + name + ", which manifest.json does not list among its images.");
        return id;
    }

    private static ImageId optionalFile(String name, Map<String, ImageId> files, String what) {
        return name == null ? null : file(name, files, what);
    }

    private static String text(String value, int max, String what) {
        check(value != null && !value.isBlank(), what + " is missing.");
        check(value.length() <= max, what + " is longer than " + max + " characters.");
        return value;
    }

    private static <T> T parse(String value, Function<String, T> parser, String message) {
        check(value != null, message);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw ArchiveRejection.invalid(message);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw ArchiveRejection.invalid(message);
        }
    }
}
