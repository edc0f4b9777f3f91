package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.policy.Usage;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.engine.port.DeliveryClaims;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.PersonLocales;
import dev.kontextbot.engine.transfer.SessionExporter;

import java.time.Clock;

/**
 * What every chat adapter is given from the core: the engine and the services beside it. {@code deliveries}: claims on
 * platform deliveries, so an event delivered twice (to one instance or two) is acted on once. {@code apiCalls}: hears
 * about each call to a platform's API (metrics).
 * {@code languages}: the words in every language the bot speaks; each adapter picks the reader's. {@code commands}: the
 * commands every surface offers and answers. {@code links}: the one fetcher that may touch a URL a person pasted.
 * {@code locales}: the language each person last reported, for messages sent to them later.
 */
public record ChatServices(ConversationEngine engine, ScopedDefaults defaults, TenantPolicies policies, Usage usage, ImageStore images,
                           AnnouncementRepository announcements, DeliveryClaims deliveries, SessionExporter exporter, Clock clock,
                           ChatApiCalls apiCalls, Languages languages, CommandCatalogue commands, SafeImageFetcher links,
                           PersonLocales locales) {
}
