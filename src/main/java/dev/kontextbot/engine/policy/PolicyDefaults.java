package dev.kontextbot.engine.policy;

/**
 * The bot's configured rules, which a tenant's policy overrides where its admins set something.
 *
 * @param votesToPick engine.votes-to-pick: 0, only a session's owner picks; n, the first variant to n votes becomes the head
 * @param budgets     engine.budgets
 */
public record PolicyDefaults(int votesToPick, Budgets budgets) {
    public PolicyDefaults {
        if (votesToPick < 0) {
            throw new IllegalArgumentException("engine.votes-to-pick must not be negative");
        }
    }
}
