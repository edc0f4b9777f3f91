package dev.kontextbot.testing;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Finished turns as the store hands them to the adapters, for tests of how a surface renders them. */
public final class DoneTurns {
    private DoneTurns() {
    }

    /** Turn 7 of session 1, done after asking for {@code asked} variants; {@code shortfall} null when all arrived. */
    public static Turn done(int asked, String shortfall, long costMicros) {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        TurnParams params = new TurnParams(ModelId.KONTEXT_PRO, null, asked, TurnParams.DEFAULT_GUIDANCE, OutputFormat.JPEG,
                TurnParams.DEFAULT_SAFETY, false, 42);
        return Turn.builder(1, TurnKind.REFINE, "make it red", params).id(7).parent(image('a')).requestedBy("U0ANA").provider("bfl")
                .status(TurnStatus.DONE).errorCode(shortfall == null ? null : Turn.SHORTFALL).errorMessage(shortfall).attempts(1)
                .costMicros(costMicros).createdAt(at).startedAt(at).submittingAt(at).finishedAt(at.plusSeconds(30)).build();
    }

    /** {@link #done}'s turn with {@code references} extra images (image 2, image 3…). */
    public static Turn withReferences(int references) {
        Turn t = done(1, null, 40_000);
        List<ImageId> ids = new ArrayList<>();
        for (int i = 0; i < references; i++) {
            ids.add(image((char) ('0' + i)));
        }
        return t.toBuilder().references(ids).build();
    }

    /** {@code count} variants of {@link #done}'s turn, seeds 42, 43, … */
    public static List<Variant> variants(int count) {
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ImageId image = image((char) ('b' + i));
            variants.add(new Variant(7, i, image, image, 42 + i, 0));
        }
        return variants;
    }

    private static ImageId image(char digit) {
        return new ImageId(String.valueOf(digit).repeat(64));
    }
}
