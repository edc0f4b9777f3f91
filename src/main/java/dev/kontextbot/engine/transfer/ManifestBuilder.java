package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.StoredImage;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnFailureJson;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.transfer.SessionTransfers.CastVote;
import dev.kontextbot.engine.review.QualityFlag;
import dev.kontextbot.engine.SessionReview;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.engine.transfer.ArchiveManifest.BranchEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.ErrorEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.HeadEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.ImageEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.ParamsEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.ScoreEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.SessionEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.TurnEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.VariantEntry;
import dev.kontextbot.engine.transfer.ArchiveManifest.VoteEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Describes a session as an archive's manifest, naming each distinct image once by the first role it plays:
 * {@code source}, {@code turn-02-v1} (a variant as shown), {@code turn-02-v1-context} (its lossless rendition,
 * when it differs), {@code turn-03-input} (a parent no other name covers, such as an upload later undone) and
 * {@code upload-1} (an uploaded head).
 */
final class ManifestBuilder {
    private final Function<ImageId, StoredImage> stored;
    private final TurnFailureJson failures = new TurnFailureJson();
    private final Map<ImageId, String> names = new LinkedHashMap<>();
    private final Map<ImageId, StoredImage> known = new java.util.HashMap<>();

    /** {@code stored}: what the image store knows of an image (its type and size). */
    ManifestBuilder(Function<ImageId, StoredImage> stored) {
        this.stored = stored;
    }

    record Built(ArchiveManifest manifest, List<SessionArchive.Entry> images) {
    }

    Built build(SessionReview review, List<HeadChange> liveHeads, List<CastVote> votes, Long originSession,
                Instant exportedAt, String generator) {
        SessionSnapshot snapshot = review.snapshot();
        Session session = snapshot.session();
        String source = name(session.source(), "source");
        List<String> bases = new ArrayList<>();
        for (SessionSnapshot.TurnSnapshot t : snapshot.turns()) {
            String base = String.format(java.util.Locale.ROOT, "turn-%02d", bases.size() + 1);
            bases.add(base);
            for (Variant v : t.variants()) {
                name(v.image(), base + "-v" + (v.index() + 1));
                name(v.context(), base + "-v" + (v.index() + 1) + "-context");
            }
        }
        // Uploaded heads get their names before the turns that edited them are described (those would say "input").
        List<HeadEntry> heads = heads(liveHeads);
        List<TurnEntry> turns = new ArrayList<>();
        long totalCost = 0;
        for (int i = 0; i < snapshot.turns().size(); i++) {
            SessionSnapshot.TurnSnapshot t = snapshot.turns().get(i);
            turns.add(turn(t, bases.get(i), session.head(), review));
            totalCost += t.turn().costMicros();
        }
        BranchEntry branchedFrom = session.branchedFrom() == null || originSession == null ? null
                : new BranchEntry(originSession, session.branchedFrom().turnId(), session.branchedFrom().index());
        SessionEntry sessionEntry = new SessionEntry(session.id(), session.conversation().platform().wireName(), session.owner(),
                session.createdAt(), source, name(session.head(), "head"), branchedFrom, ParamsEntry.of(session.defaults()));
        List<ImageEntry> images = new ArrayList<>();
        List<SessionArchive.Entry> entries = new ArrayList<>();
        names.forEach((id, file) -> {
            StoredImage image = meta(id);
            images.add(new ImageEntry(file, id.sha256(), image.mime(), image.width(), image.height(), image.sizeBytes()));
            entries.add(new SessionArchive.Entry(file, id, image.sizeBytes(), 0));
        });
        List<VoteEntry> voteEntries = votes.stream()
                .map(v -> new VoteEntry(v.variant().turnId(), v.variant().index(), v.voter(), v.castAt())).toList();
        ArchiveManifest manifest = new ArchiveManifest(ArchiveManifest.FORMAT, ArchiveManifest.VERSION, exportedAt, generator,
                sessionEntry, images, turns, voteEntries, heads, totalCost, totalCost / 1_000_000.0);
        return new Built(manifest, entries);
    }

    private List<HeadEntry> heads(List<HeadChange> liveHeads) {
        List<HeadEntry> heads = new ArrayList<>();
        int uploads = 0;
        for (HeadChange change : liveHeads) {
            if (!names.containsKey(change.image())) {
                uploads++;
            }
            // A branch's first head is a variant of another session: its turn is not in this archive.
            boolean local = change.variant() != null && change.reason() != HeadChange.Reason.BRANCH;
            heads.add(new HeadEntry(name(change.image(), "upload-" + uploads), local ? change.variant().turnId() : null,
                    local ? change.variant().index() : null, change.reason().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return heads;
    }

    private TurnEntry turn(SessionSnapshot.TurnSnapshot snapshot, String base, ImageId head, SessionReview review) {
        Turn t = snapshot.turn();
        String parent = name(t.parent(), base + "-input");
        List<String> references = new ArrayList<>();
        for (int i = 0; i < t.references().size(); i++) {
            references.add(name(t.references().get(i), base + "-image" + (i + 2)));
        }
        List<VariantEntry> variants = new ArrayList<>();
        for (Variant v : snapshot.variants()) {
            String image = names.get(v.image());
            String context = names.get(v.context());
            boolean picked = snapshot.picked() != null && snapshot.picked() == v.index();
            variants.add(new VariantEntry(v.index(), image, context, v.seed(), v.votes(), picked, v.context().equals(head),
                    score(review.scores().get(v.ref()))));
        }
        // A reason kept only as English (a row from before reasons were typed) goes as English only.
        JsonNode detail = t.failure() == null || t.failure() instanceof TurnFailure.Legacy ? null : failures.tree(t.failure());
        ErrorEntry error = t.errorCode() == null && t.errorMessage() == null ? null : new ErrorEntry(t.errorCode(), t.errorMessage(), detail);
        return new TurnEntry(t.id(), t.kind().wireName(), t.prompt(), ParamsEntry.of(t.params()), t.status().wireName(), error,
                t.costMicros(), t.costMicros() / 1_000_000.0, t.requestedBy(), t.provider(), t.createdAt(), t.startedAt(),
                t.finishedAt(), parent, t.rerolledFrom(), variants, references, t.inputBytesSent());
    }

    private static ScoreEntry score(VariantScore score) {
        return score == null ? null : new ScoreEntry(score.fidelity(), score.sourceFidelity(), score.ssim(), score.hashDistance(),
                score.flags().stream().sorted().map(QualityFlag::wireName).toList());
    }

    /** The image's file name in the archive, given it on first sight; null for no image. */
    private String name(ImageId id, String base) {
        if (id == null) {
            return null;
        }
        return names.computeIfAbsent(id, image -> "images/" + base + "." + extension(meta(image).mime()));
    }

    private StoredImage meta(ImageId id) {
        return known.computeIfAbsent(id, stored);
    }

    static String extension(String mime) {
        return switch (mime) {
            case "image/jpeg" -> "jpg";
            case "image/png" -> "png";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            case "image/avif" -> "avif";
            default -> "bin";
        };
    }
}
