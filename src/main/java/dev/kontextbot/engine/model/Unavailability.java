package dev.kontextbot.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * Why a catalogue model cannot be used here, as data: the adapters word it ("it needs BFL (set BFL_API_KEY)"). A
 * service is named by its registered name ({@code bfl}, {@link ProviderRefusal#OFFLINE}) and by what it calls itself
 * ("BFL", "fal.ai"); the offline editor has a name in each language instead.
 */
public sealed interface Unavailability {
    /** {@code provider:} names one service and it does not serve the model. */
    record NotServedBy(String provider, String label) implements Unavailability {
    }

    /**
     * None of the services that serve the model is set up; each of them with what it lacks, in the catalogue's order.
     * Empty: only the offline editor serves it, and that stands in only while no service is configured.
     */
    record NeedsSetup(List<Service> services) implements Unavailability {
        public NeedsSetup {
            services = List.copyOf(services);
        }
    }

    /** {@code variable}: the environment variable to set; empty when the service is set up but not chosen. */
    record Service(String provider, String label, Optional<String> variable) {
    }
}
