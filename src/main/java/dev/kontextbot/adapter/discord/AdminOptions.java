package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.commands.CommandCatalogue;

/**
 * The names of {@code /kontext admin show|log|models|safety|votes|budget|channels|roles} and their options, as the
 * {@link CommandCatalogue} declares them: a server's policy, for members with Manage Server. Leaving a setting's
 * option out puts it back to the bot's default.
 */
final class AdminOptions {
    static final String GROUP = CommandCatalogue.ADMIN;
    static final String SHOW = CommandCatalogue.ADMIN_SHOW;
    static final String LOG = CommandCatalogue.ADMIN_LOG;
    static final String MODELS = CommandCatalogue.ADMIN_MODELS;
    static final String SAFETY = CommandCatalogue.ADMIN_SAFETY;
    static final String VOTES = CommandCatalogue.ADMIN_VOTES;
    static final String BUDGET = CommandCatalogue.ADMIN_BUDGET;
    static final String CHANNELS = CommandCatalogue.ADMIN_CHANNELS;
    static final String ROLES = CommandCatalogue.ADMIN_ROLES;

    static final String ALLOWED = CommandCatalogue.ALLOWED;
    static final String MAX = CommandCatalogue.MAX;
    static final String NEEDED = CommandCatalogue.NEEDED;
    static final String USER_PER_DAY = CommandCatalogue.USER_PER_DAY;
    static final String SERVER_PER_MONTH = CommandCatalogue.SERVER_PER_MONTH;
    static final String RESET = CommandCatalogue.RESET;
    static final String ADD = CommandCatalogue.ADD;
    static final String REMOVE = CommandCatalogue.REMOVE;
    static final String CLEAR = CommandCatalogue.CLEAR;

    private AdminOptions() {
    }
}
