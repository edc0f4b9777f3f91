package dev.kontextbot.app.metrics;

import dev.kontextbot.engine.port.KontextProvider;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metered provider stands in for the real one everywhere: a port method it did not override would answer the
 * interface's default instead of the provider's (the offline editor's vocabulary and settings were lost that way).
 */
class MeteredProviderTest {

    @Test
    void everyMethodOfThePortIsPassedOnToTheProvider() throws NoSuchMethodException {
        for (Method method : KontextProvider.class.getMethods()) {
            Method implemented = MeteredProvider.class.getMethod(method.getName(), method.getParameterTypes());
            assertThat(implemented.getDeclaringClass()).as(method.getName()).isEqualTo(MeteredProvider.class);
        }
        assertThat(Arrays.stream(KontextProvider.class.getMethods()).filter(Method::isDefault)).isNotEmpty();
    }
}
