package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.policy.TenantPolicy;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who may use the bot where: the configured channels and roles, those the server's admins allow (its
 * {@link TenantPolicy}), and only where the bot itself may post. Each refusal is a sentence for the person.
 */
final class DiscordAccess {
    /** What the bot needs to open a session from a channel: a starter message, its thread, the images in it. */
    static final EnumSet<Permission> TO_START = EnumSet.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND,
            Permission.CREATE_PUBLIC_THREADS, Permission.MESSAGE_SEND_IN_THREADS, Permission.MESSAGE_ATTACH_FILES,
            Permission.MESSAGE_HISTORY);
    static final EnumSet<Permission> IN_THREAD = EnumSet.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND_IN_THREADS,
            Permission.MESSAGE_ATTACH_FILES);
    /** The invite asks for exactly these. */
    static final EnumSet<Permission> INVITE = EnumSet.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND,
            Permission.CREATE_PUBLIC_THREADS, Permission.MESSAGE_SEND_IN_THREADS, Permission.MESSAGE_ATTACH_FILES,
            Permission.MESSAGE_EMBED_LINKS, Permission.MESSAGE_HISTORY, Permission.MESSAGE_ADD_REACTION);

    private final Set<String> allowedChannels;
    private final Set<String> allowedRoles;
    private final boolean allowDms;
    private final Function<String, TenantPolicy> policyOfServer;

    /** Without server policies: only the configured lists apply. */
    DiscordAccess(Set<String> allowedChannels, Set<String> allowedRoles, boolean allowDms) {
        this(allowedChannels, allowedRoles, allowDms, guild -> TenantPolicy.NONE);
    }

    /** {@code policyOfServer}: a server's policy by its id. */
    DiscordAccess(Set<String> allowedChannels, Set<String> allowedRoles, boolean allowDms, Function<String, TenantPolicy> policyOfServer) {
        this.allowedChannels = allowedChannels;
        this.allowedRoles = allowedRoles;
        this.allowDms = allowDms;
        this.policyOfServer = policyOfServer;
    }

    /** Why {@code member} may not use the bot in {@code channel} (a server channel or thread, or a DM when member is null). */
    Optional<String> refusal(Words words, Member member, MessageChannel channel) {
        if (!(channel instanceof GuildChannel guildChannel)) {
            return allowDms ? Optional.empty() : Optional.of(words.say("discord.access.noDms"));
        }
        String home = channel instanceof ThreadChannel thread ? thread.getParentChannel().getId() : channel.getId();
        if (!allowedChannels.isEmpty() && !allowedChannels.contains(home) && !allowedChannels.contains(channel.getId())) {
            return Optional.of(words.say("discord.access.notHere", "channels", channels(allowedChannels)));
        }
        if (member != null && !allowedRoles.isEmpty() && !isAdmin(member)
                && member.getRoles().stream().map(Role::getId).noneMatch(allowedRoles::contains)) {
            return Optional.of(words.say("discord.access.roles", "roles", roles(allowedRoles)));
        }
        Optional<String> byPolicy = policyRefusal(words, policyOfServer.apply(guildChannel.getGuild().getId()), member, home, channel.getId());
        if (byPolicy.isPresent()) {
            return byPolicy;
        }
        EnumSet<Permission> needed = channel instanceof ThreadChannel ? IN_THREAD : TO_START;
        Member self = guildChannel.getGuild().getSelfMember();
        EnumSet<Permission> missing = EnumSet.noneOf(Permission.class);
        for (Permission permission : needed) {
            if (!self.hasPermission(guildChannel, permission)) {
                missing.add(permission);
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of(words.say("discord.access.permissions", "permissions",
                    missing.stream().map(Permission::getName).collect(Collectors.joining(", "))));
        }
        return Optional.empty();
    }

    /** What the server's own admins allow, over the configured lists (both must allow). */
    private static Optional<String> policyRefusal(Words words, TenantPolicy policy, Member member, String home, String channel) {
        if (!policy.allowsChannel(home) && !policy.allowsChannel(channel)) {
            return Optional.of(words.say("discord.access.policyChannels", "channels", channels(policy.allowedChannels())));
        }
        if (member != null && !policy.allowedRoles().isEmpty() && !isAdmin(member)
                && member.getRoles().stream().map(Role::getId).noneMatch(policy.allowedRoles()::contains)) {
            return Optional.of(words.say("discord.access.policyRoles", "roles", roles(policy.allowedRoles())));
        }
        return Optional.empty();
    }

    /** May change the server's kontext rules (/kontext admin): Manage Server, as Discord's own server settings need. */
    static boolean managesServer(Member member) {
        return member != null && member.hasPermission(Permission.MANAGE_SERVER);
    }

    /** Server admins: may change server-wide settings and cancel or delete anyone's turns. */
    static boolean isAdmin(Member member) {
        return member != null && (member.hasPermission(Permission.MANAGE_SERVER) || member.hasPermission(Permission.MESSAGE_MANAGE));
    }

    private static String channels(java.util.Collection<String> ids) {
        return ids.stream().limit(5).map(id -> "<#" + id + ">").collect(Collectors.joining(", "));
    }

    private static String roles(java.util.Collection<String> ids) {
        return ids.stream().map(id -> "<@&" + id + ">").collect(Collectors.joining(", "));
    }
}
