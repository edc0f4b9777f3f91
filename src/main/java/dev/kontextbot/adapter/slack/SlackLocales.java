package dev.kontextbot.adapter.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which language a Slack user reads: the locale of their Slack client, from {@code users.info} with {@code
 * include_locale} (events and actions carry none). Slack's Web API has no workspace language to fall back on
 * ({@code team.info} has no locale), so a user Slack does not say the locale of gets English. Each user is asked
 * about once an hour at most; a failed lookup also answers English for a few minutes, and is logged once per process,
 * so a missing {@code users:read} scope does not fill the log.
 */
final class SlackLocales {
    private static final Logger log = LoggerFactory.getLogger(SlackLocales.class);
    static final Duration KEEP = Duration.ofHours(1);
    static final Duration KEEP_FAILED = Duration.ofMinutes(5);
    private static final int PEOPLE = 10_000;

    private final MethodsClient slack;
    private final Languages languages;
    private final Cache<String, Words> known = Caffeine.newBuilder().maximumSize(PEOPLE).expireAfterWrite(KEEP).build();
    private final Cache<String, Words> failed = Caffeine.newBuilder().maximumSize(PEOPLE).expireAfterWrite(KEEP_FAILED).build();
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    SlackLocales(MethodsClient slack, Languages languages) {
        this.slack = slack;
        this.languages = languages;
    }

    /** The words for {@code user} (English for none: a message nobody in particular caused). */
    Words of(String user) {
        if (user == null || user.isBlank()) {
            return english();
        }
        Words cached = known.getIfPresent(user);
        if (cached == null) {
            cached = failed.getIfPresent(user);
        }
        return cached != null ? cached : lookUp(user);
    }

    Words english() {
        return languages.in(Languages.FALLBACK);
    }

    private Words lookUp(String user) {
        try {
            var response = slack.usersInfo(r -> r.user(user).includeLocale(true));
            if (response.isOk() && response.getUser() != null) {
                Words words = languages.forTag(response.getUser().getLocale());
                known.put(user, words);
                return words;
            }
            return failure(user, response.getError());
        } catch (IOException | SlackApiException e) {
            return failure(user, e.getMessage());
        }
    }

    private Words failure(String user, String why) {
        if (failureLogged.compareAndSet(false, true)) {
            log.warn("Slack users.info did not give user {} a locale ({}); answering in English. Logged once.", user, why);
        }
        failed.put(user, english());
        return english();
    }
}
