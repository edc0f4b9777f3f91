package dev.kontextbot.engine.review;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.testing.Scenes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A turn's parent, measured when the turn before it was scored, is not measured again while it is kept. */
class MeasuredImagesTest {
    final FidelityScorer scorer = new FidelityScorer();
    final List<ImageId> measuredIds = new ArrayList<>();
    final MeasuredImages.Measuring measuring = id -> {
        measuredIds.add(id);
        return scorer.measure(Scenes.landscape(id.sha256().hashCode(), 64, 48));
    };

    @Test
    void aKeptImageIsMeasuredOnce() throws Exception {
        MeasuredImages kept = new MeasuredImages(2);
        ImageId head = id('a');

        MeasuredImage first = kept.of(head, measuring);
        MeasuredImage again = kept.of(head, measuring);

        assertThat(again).isSameAs(first);
        assertThat(measuredIds).containsExactly(head);
    }

    @Test
    void theLeastRecentlyUsedImageIsLetGoFirst() throws Exception {
        MeasuredImages kept = new MeasuredImages(2);
        ImageId a = id('a');
        ImageId b = id('b');
        ImageId c = id('c');

        kept.of(a, measuring);
        kept.of(b, measuring);
        kept.of(a, measuring);
        kept.of(c, measuring);
        kept.of(a, measuring);
        kept.of(b, measuring);

        assertThat(measuredIds).containsExactly(a, b, c, b);
    }

    @Test
    void withNoCapacityEveryImageIsMeasuredEachTime() throws Exception {
        MeasuredImages none = new MeasuredImages(0);

        none.of(id('a'), measuring);
        none.of(id('a'), measuring);

        assertThat(measuredIds).hasSize(2);
    }

    private static ImageId id(char c) {
        return new ImageId(String.valueOf(c).repeat(64));
    }
}
