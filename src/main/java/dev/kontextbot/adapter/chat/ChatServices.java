package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.policy.Usage;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.engine.port.DeliveryClaims;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.transfer.SessionExporter;

import java.time.Clock;

/**
 * What every chat adapter is given from the core: the engine and the services beside it. {@code deliveries}: claims on
 * platform deliveries, so an event delivered twice (to one instance or two) is acted on once. {@code apiCalls}: hears
 * about each call to a platform's API (metrics).
 * {@code languages}: the words in every language the bot speaks; each adapter picks the reader's. {@code commands}: the
 * commands every surface offers and answers.
 */
public record ChatServices(ConversationEngine engine, ScopedDefaults defaults, TenantPolicies policies, Usage usage, ImageStore images,
                           AnnouncementRepository announcements, DeliveryClaims deliveries, SessionExporter exporter, Clock clock,
                           ChatApiCalls apiCalls, Languages languages, CommandCatalogue commands) {

    /** With the bot's own commands. */
    public ChatServices(ConversationEngine engine, ScopedDefaults defaults, TenantPolicies policies, Usage usage, ImageStore images,
                        AnnouncementRepository announcements, DeliveryClaims deliveries, SessionExporter exporter, Clock clock,
                        ChatApiCalls apiCalls, Languages languages) {
        this(engine, defaults, policies, usage, images, announcements, deliveries, exporter, clock, apiCalls, languages, new CommandCatalogue());
    }
}
