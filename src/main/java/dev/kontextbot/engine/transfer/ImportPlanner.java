package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.ArchiveProblem;
import dev.kontextbot.engine.model.ArchiveProblem.Field;
import dev.kontextbot.engine.model.ArchiveProblem.InHeadHistory;
import dev.kontextbot.engine.model.ArchiveProblem.InSession;
import dev.kontextbot.engine.model.ArchiveProblem.InTurn;
import dev.kontextbot.engine.model.ArchiveProblem.InVariant;
import dev.kontextbot.engine.model.ArchiveProblem.InVote;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnFailureJson;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.FailureTexts;
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
import java.util.function.Supplier;

/**
 * Checks a manifest against itself and the store's limits and turns it into an {@link ImportedSession}: every
 * image it names is listed, turns are in order with parameters the product accepts, votes, head changes and
 * scores name variants that exist. Turns still queued or running when exported are recorded as cancelled. What does
 * not fit is refused as an {@link ArchiveProblem} the adapter words.
 */
final class ImportPlanner {
    private final int maxTurns;
    /** The English kept next to a typed reason the import gives a turn. */
    private final FailureTexts texts;
    private final TurnFailureJson failures = new TurnFailureJson();

    ImportPlanner(int maxTurns, FailureTexts texts) {
        this.maxTurns = maxTurns;
        this.texts = texts;
    }

    record Plan(ImportedSession session, List<ImageEntry> images) {
    }

    Plan plan(ArchiveManifest m, Conversation into) {
        check(m.session() != null, ArchiveProblem.NoSession::new);
        Map<String, ImageId> files = files(m.images());
        List<TurnEntry> turnEntries = m.turns() == null ? List.of() : m.turns();
        List<VoteEntry> voteEntries = m.votes() == null ? List.of() : m.votes();
        check(turnEntries.size() <= maxTurns, () -> new ArchiveProblem.TooManyTurns(turnEntries.size(), maxTurns));
        Map<VariantRef, Integer> voteCounts = new HashMap<>();
        voteEntries.forEach(v -> voteCounts.merge(new VariantRef(v.turn(), v.variant()), 1, Integer::sum));

        Map<VariantRef, VariantScore> scores = new LinkedHashMap<>();
        Map<VariantRef, Variant> variants = new HashMap<>();
        List<ImportedSession.Turn> turns = new ArrayList<>();
        long previous = 0;
        for (TurnEntry t : turnEntries) {
            long after = previous;
            check(t.id() > previous, () -> new ArchiveProblem.TurnOrder(t.id(), after));
            ImportedSession.Turn turn = turn(t, files, previous, turns, voteCounts, scores);
            turn.variants().forEach(v -> variants.put(v.ref(), v));
            turns.add(turn);
            previous = t.id();
        }
        List<CastVote> votes = votes(voteEntries, variants);
        List<HeadChange> heads = heads(m.headHistory() == null ? List.of() : m.headHistory(), files, variants);

        var s = m.session();
        ImageId source = optionalFile(s.source(), files, Field.of(new InSession(), "source"));
        ImageId head = optionalFile(s.head(), files, Field.of(new InSession(), "head"));
        ImageId lastHead = heads.isEmpty() ? null : heads.get(heads.size() - 1).image();
        check(java.util.Objects.equals(head, lastHead), ArchiveProblem.HeadNotLast::new);
        if (source != null) {
            check(!heads.isEmpty() && heads.get(0).image().equals(source), ArchiveProblem.HistoryNotFromSource::new);
        }
        ParamOverrides defaults = defaults(s.defaults());
        check(s.createdAt() != null, () -> new ArchiveProblem.Missing(new InSession(), "created_at"));
        ImportedSession session = new ImportedSession(into, text(s.owner(), 128, Field.of(new InSession(), "owner")), source, defaults,
                s.createdAt(), turns, votes, heads, scores);
        return new Plan(session, m.images());
    }

    private ImportedSession.Turn turn(TurnEntry t, Map<String, ImageId> files, long previous, List<ImportedSession.Turn> earlier,
                                      Map<VariantRef, Integer> voteCounts, Map<VariantRef, VariantScore> scores) {
        InTurn where = new InTurn(t.id());
        TurnKind kind = parse(t.kind(), TurnKind::parse, new ArchiveProblem.Unknown(where, "kind", t.kind()));
        TurnStatus status = parse(t.status(), TurnStatus::parse, new ArchiveProblem.Unknown(where, "status", t.status()));
        check(t.params() != null, () -> new ArchiveProblem.Missing(where, "params"));
        check(t.params().complete(), () -> new ArchiveProblem.ParamsIncomplete(t.id()));
        TurnParams params;
        try {
            params = t.params().resolve();
        } catch (InvalidParameterException e) {
            throw ArchiveRejection.manifest(new ArchiveProblem.BadParams(t.id(), rejected(e)));
        }
        String errorCode = t.error() == null ? null : t.error().code();
        String errorMessage = t.error() == null ? null : t.error().message();
        // Null for an archive without it, or one a later build wrote that this one cannot read: the English is shown.
        TurnFailure failure = t.error() == null ? null : failures.readTree(t.error().detail(), null);
        if (!status.isFinal()) {
            // Nothing will run it here: it ends as a turn that was stopped, and says why.
            status = TurnStatus.CANCELLED;
            errorCode = "unfinished";
            failure = new TurnFailure.ExportedUnfinished();
            errorMessage = texts.of(failure);
        }
        String code = errorCode;
        String message = errorMessage;
        check(code == null || code.length() <= 32, () -> new ArchiveProblem.ErrorCodeTooLong(t.id(), 32));
        check(message == null || message.length() <= 1000, () -> new ArchiveProblem.ErrorMessageTooLong(t.id(), 1000));
        check(t.costMicros() >= 0, () -> new ArchiveProblem.NegativeCost(t.id()));
        check(t.inputBytesSent() == null || t.inputBytesSent() >= 0, () -> new ArchiveProblem.NegativeInputBytes(t.id()));
        check(t.createdAt() != null, () -> new ArchiveProblem.Missing(where, "created_at"));
        Long rerolledFrom = t.rerolledFrom();
        check(rerolledFrom == null || earlier.stream().anyMatch(e -> e.key() == rerolledFrom),
                () -> new ArchiveProblem.RerollNotEarlier(t.id(), rerolledFrom));
        List<VariantEntry> variantEntries = t.variants() == null ? List.of() : t.variants();
        TurnStatus ended = status;
        check(variantEntries.isEmpty() || status == TurnStatus.DONE, () -> new ArchiveProblem.VariantsNotDone(t.id(), ended));
        check(variantEntries.size() <= TurnParams.MAX_IMAGES, () -> new ArchiveProblem.TooManyVariants(t.id(), TurnParams.MAX_IMAGES));
        List<Variant> variants = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        for (VariantEntry v : variantEntries) {
            InVariant variant = new InVariant(t.id(), v.index());
            check(v.index() >= 0 && v.index() < TurnParams.MAX_IMAGES && indexes.add(v.index()),
                    () -> new ArchiveProblem.VariantIndex(t.id(), v.index(), TurnParams.MAX_IMAGES - 1));
            check(v.seed() >= 0 && v.seed() <= TurnParams.MAX_SEED, () -> new ArchiveProblem.VariantSeed(t.id(), v.index()));
            VariantRef ref = new VariantRef(t.id(), v.index());
            int votes = voteCounts.getOrDefault(ref, 0);
            check(v.votes() == votes, () -> new ArchiveProblem.VoteCount(t.id(), v.index(), v.votes(), votes));
            variants.add(new Variant(t.id(), v.index(), file(v.image(), files, Field.of(variant, "image")),
                    file(v.context(), files, Field.of(variant, "context")), v.seed(), votes));
            if (v.score() != null) {
                scores.put(ref, score(v.score(), variant));
            }
        }
        List<String> referenceFiles = t.references() == null ? List.of() : t.references();
        check(referenceFiles.size() <= ArchiveManifest.MAX_REFERENCES, () -> new ArchiveProblem.TooManyReferences(t.id(), ArchiveManifest.MAX_REFERENCES));
        List<ImageId> references = new ArrayList<>();
        for (int i = 0; i < referenceFiles.size(); i++) {
            references.add(file(referenceFiles.get(i), files, new Field(where, "image", i + 2)));
        }
        return new ImportedSession.Turn(t.id(), kind, text(t.prompt(), 4000, Field.of(where, "prompt")), params,
                optionalFile(t.parent(), files, Field.of(where, "parent")), rerolledFrom, text(t.requester(), 128, Field.of(where, "requester")),
                text(t.provider(), 32, Field.of(where, "provider")), status, errorCode, errorMessage, failure, t.costMicros(), t.createdAt(),
                t.startedAt(), t.finishedAt(), variants, references, t.inputBytesSent());
    }

    private static List<CastVote> votes(List<VoteEntry> entries, Map<VariantRef, Variant> variants) {
        Set<String> seen = new HashSet<>();
        List<CastVote> votes = new ArrayList<>();
        for (VoteEntry v : entries) {
            VariantRef ref = new VariantRef(v.turn(), v.variant());
            check(variants.containsKey(ref), () -> new ArchiveProblem.VoteForNothing(v.turn(), v.variant()));
            String voter = text(v.voter(), 128, Field.of(new InVote(), "voter"));
            check(seen.add(v.turn() + "/" + v.variant() + "/" + voter), () -> new ArchiveProblem.VotesTwice(voter, v.turn(), v.variant()));
            check(v.castAt() != null, () -> new ArchiveProblem.Missing(new InVote(), "cast_at"));
            votes.add(new CastVote(ref, voter, v.castAt()));
        }
        return votes;
    }

    private static List<HeadChange> heads(List<HeadEntry> entries, Map<String, ImageId> files, Map<VariantRef, Variant> variants) {
        List<HeadChange> heads = new ArrayList<>();
        for (HeadEntry h : entries) {
            ImageId image = file(h.image(), files, Field.of(new InHeadHistory(), "image"));
            HeadChange.Reason reason = parse(h.reason(), r -> HeadChange.Reason.valueOf(r.toUpperCase(Locale.ROOT)),
                    new ArchiveProblem.Unknown(new InHeadHistory(), "reason", h.reason()));
            check((h.turn() == null) == (h.variant() == null), ArchiveProblem.HeadHalfNamed::new);
            VariantRef ref = h.turn() == null ? null : new VariantRef(h.turn(), h.variant());
            if (ref != null) {
                Variant variant = variants.get(ref);
                check(variant != null, () -> new ArchiveProblem.HeadForNothing(h.turn(), h.variant()));
                check(variant.context().equals(image), () -> new ArchiveProblem.HeadNotContext(h.turn(), h.variant()));
            }
            heads.add(new HeadChange(image, ref, reason));
        }
        return heads;
    }

    private static Map<String, ImageId> files(List<ImageEntry> images) {
        check(images != null, ArchiveProblem.NoImages::new);
        Map<String, ImageId> files = new HashMap<>();
        for (ImageEntry image : images) {
            check(image.file() != null && ZipArchiveReader.ALLOWED.matcher(image.file()).matches() && image.file().startsWith("images/")
                    && !image.file().equals("images/"), () -> new ArchiveProblem.ImageName(image.file()));
            check(ImageId.isValid(image.sha256()), () -> new ArchiveProblem.ImageSha(image.file()));
            check(files.put(image.file(), new ImageId(image.sha256())) == null, () -> new ArchiveProblem.ImageTwice(image.file()));
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
        } catch (InvalidParameterException e) {
            throw ArchiveRejection.manifest(new ArchiveProblem.BadDefaults(rejected(e)));
        }
    }

    private static VariantScore score(ArchiveManifest.ScoreEntry s, InVariant where) {
        try {
            Set<QualityFlag> flags = new HashSet<>();
            (s.flags() == null ? List.<String>of() : s.flags()).forEach(f -> flags.add(QualityFlag.parse(f)));
            return new VariantScore(s.fidelity(), s.ssim(), s.hashDistance(), flags, s.sourceFidelity());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ArchiveRejection.manifest(new ArchiveProblem.Unreadable(where.turn(), where.index(), e.getMessage()));
        }
    }

    private static ImageId file(String name, Map<String, ImageId> files, Field field) {
        check(name != null, () -> new ArchiveProblem.NoImage(field));
        ImageId id = files.get(name);
        check(id != null, () -> new ArchiveProblem.ImageNotListed(field, name));
        return id;
    }

    private static ImageId optionalFile(String name, Map<String, ImageId> files, Field field) {
        return name == null ? null : file(name, files, field);
    }

    private static String text(String value, int max, Field field) {
        check(value != null && !value.isBlank(), () -> new ArchiveProblem.TextMissing(field));
        check(value.length() <= max, () -> new ArchiveProblem.TextTooLong(field, max));
        return value;
    }

    private static <T> T parse(String value, Function<String, T> parser, ArchiveProblem unknown) {
        check(value != null, () -> unknown);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw ArchiveRejection.manifest(unknown);
        }
    }

    /** Why the product would not take a parameter; every one it checks says so as data. */
    private static dev.kontextbot.engine.model.Rejected rejected(InvalidParameterException e) {
        return e.rejected().orElseThrow(() -> new IllegalStateException("a parameter rejected without a typed reason", e));
    }

    /** The problem is only built when the check fails: most of an archive passes. */
    private static void check(boolean condition, Supplier<ArchiveProblem> problem) {
        if (!condition) {
            throw ArchiveRejection.manifest(problem.get());
        }
    }
}
