package dev.kontextbot.app.metrics;

import dev.kontextbot.engine.port.ForwardingProvider;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.testing.TestImages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Metering is invisible to the engine: every answer and every trait of the provider passes through as it was. */
class MeteredProviderTest {
    private final OfflineEditorProvider offline = new OfflineEditorProvider(TestImages.decoder());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theMeteredOfflineEditorStillShowsItsVocabularyExampleAndThatModelSettingsDoNothing() {
        KontextProvider metered = new MeteredProvider(offline, registry);

        assertThat(metered.vocabulary()).isPresent().isEqualTo(offline.vocabulary());
        assertThat(metered.example()).isEqualTo(offline.example());
        assertThat(metered.usesModelSettings()).isFalse();
        assertThat(metered.resubmitIsHarmless()).isTrue();
    }

    /** A port method the forwarder did not override would answer the interface's default instead of the provider's. */
    @Test
    void theForwarderPassesOnEveryMethodOfThePort() throws NoSuchMethodException {
        for (Method method : KontextProvider.class.getMethods()) {
            Method forwarded = ForwardingProvider.class.getMethod(method.getName(), method.getParameterTypes());
            assertThat(forwarded.getDeclaringClass()).as(method.getName()).isEqualTo(ForwardingProvider.class);
        }
    }

    @Test
    void partialImagesAndUnknownStatusesPassThroughAndAreCountedByOutcome() {
        PollOutcome progress = new PollOutcome.Progress(List.of(), "job-2");
        PollOutcome unknown = new PollOutcome.Unrecognised("Thinking");

        assertThat(new MeteredProvider(answering(progress), registry).poll("job-1")).isSameAs(progress);
        assertThat(new MeteredProvider(answering(unknown), registry).poll("job-1")).isSameAs(unknown);

        assertThat(registry.get("kontext.provider.calls").tags("call", "poll", "outcome", "progress").timer().count()).isEqualTo(1);
        assertThat(registry.get("kontext.provider.calls").tags("call", "poll", "outcome", "unrecognised").timer().count()).isEqualTo(1);
    }

    private KontextProvider answering(PollOutcome outcome) {
        return new ForwardingProvider(offline) {
            @Override
            public PollOutcome poll(String job) {
                return outcome;
            }
        };
    }
}
