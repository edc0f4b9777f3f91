package dev.kontextbot.store;

import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.review.ScoreRepository;
import dev.kontextbot.engine.review.QualityFlag;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.store.generated.tables.records.VariantScoreRecord;
import org.jooq.DSLContext;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.kontextbot.store.generated.Tables.TURN;
import static dev.kontextbot.store.generated.Tables.VARIANT_SCORE;

public final class JooqScoreRepository implements ScoreRepository {
    private final DSLContext dsl;

    public JooqScoreRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void save(Map<VariantRef, VariantScore> scores) {
        if (scores.isEmpty()) {
            return;
        }
        // All of a turn's scores or none; inside another transaction (an import) this is a savepoint.
        dsl.transaction(() -> scores.forEach((ref, score) -> dsl.insertInto(VARIANT_SCORE)
                .set(VARIANT_SCORE.TURN_ID, ref.turnId())
                .set(VARIANT_SCORE.IDX, ref.index())
                .set(VARIANT_SCORE.FIDELITY, score.fidelity())
                .set(VARIANT_SCORE.SSIM, score.ssim())
                .set(VARIANT_SCORE.HASH_DISTANCE, score.hashDistance())
                .set(VARIANT_SCORE.FLAGS, score.flags().stream().sorted().map(QualityFlag::wireName).collect(Collectors.joining(",")))
                .set(VARIANT_SCORE.SOURCE_FIDELITY, score.sourceFidelity())
                .onConflictDoNothing()
                .execute()));
    }

    @Override
    public Map<VariantRef, VariantScore> ofSession(long sessionId) {
        Map<VariantRef, VariantScore> scores = new LinkedHashMap<>();
        dsl.select(VARIANT_SCORE.fields()).from(VARIANT_SCORE).join(TURN).on(TURN.ID.eq(VARIANT_SCORE.TURN_ID))
                .where(TURN.SESSION_ID.eq(sessionId))
                .orderBy(VARIANT_SCORE.TURN_ID, VARIANT_SCORE.IDX)
                .fetchInto(VARIANT_SCORE)
                .forEach(row -> scores.put(new VariantRef(row.getTurnId(), row.getIdx()), toScore(row)));
        return scores;
    }

    private static VariantScore toScore(VariantScoreRecord row) {
        return new VariantScore(row.getFidelity(), row.getSsim(), row.getHashDistance(), flags(row.getFlags()), row.getSourceFidelity());
    }

    private static Set<QualityFlag> flags(String text) {
        Set<QualityFlag> flags = EnumSet.noneOf(QualityFlag.class);
        if (text != null && !text.isEmpty()) {
            Arrays.stream(text.split(",")).map(QualityFlag::parse).forEach(flags::add);
        }
        return flags;
    }
}
