package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;

import java.util.Objects;
import java.util.Set;

/**
 * What one audited change did to a tenant's rules, as data: which setting, its value before and after. The engine
 * writes no words; the adapters say it in each reader's language (the audit is read long after, by other admins).
 */
public sealed interface PolicyEdit {

    /** Channels kontext may be used in; empty: every channel. */
    record Channels(Set<String> before, Set<String> after) implements PolicyEdit {
        public Channels {
            before = Set.copyOf(before);
            after = Set.copyOf(after);
        }
    }

    /** Roles that may use kontext; empty: everyone. */
    record Roles(Set<String> before, Set<String> after) implements PolicyEdit {
        public Roles {
            before = Set.copyOf(before);
            after = Set.copyOf(after);
        }
    }

    /** Models allowed; empty: all. */
    record Models(Set<ModelId> before, Set<ModelId> after) implements PolicyEdit {
        public Models {
            before = Set.copyOf(before);
            after = Set.copyOf(after);
        }
    }

    /** The highest safety tolerance allowed; null: no limit. */
    record MaxSafety(Integer before, Integer after) implements PolicyEdit {
    }

    /** Votes that pick a head; null: the bot's configured rule. */
    record VotesToPick(Integer before, Integer after) implements PolicyEdit {
    }

    /** A person's budget per day in micro-dollars; null: the bot's configured one, 0: none. */
    record UserDayBudget(Long before, Long after) implements PolicyEdit {
    }

    /** The tenant's budget per month in micro-dollars; null: the bot's configured one, 0: none. */
    record TenantMonthBudget(Long before, Long after) implements PolicyEdit {
    }

    /**
     * The defaults of new sessions in {@code scope} (a channel, or {@code ScopedDefaultsRepository.TENANT_WIDE});
     * {@link ParamOverrides#NONE}: the bot's own.
     */
    record Defaults(String scope, ParamOverrides before, ParamOverrides after) implements PolicyEdit {
        public Defaults {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * A change audited before changes were kept as data: the setting's name and both values as they were stored
     * then, in English. Only read, never written.
     */
    record Worded(String setting, String before, String after) implements PolicyEdit {
    }
}
