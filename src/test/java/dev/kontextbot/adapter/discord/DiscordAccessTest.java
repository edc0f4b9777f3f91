package dev.kontextbot.adapter.discord;

import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/** Where and for whom the bot works, with JDA's channel and member types mocked. */
class DiscordAccessTest {

    private static TextChannel channel(String id, Permission... missing) {
        TextChannel channel = mock(TextChannel.class, RETURNS_DEEP_STUBS);
        when(channel.getId()).thenReturn(id);
        Member self = channel.getGuild().getSelfMember();
        when(self.hasPermission(any(GuildChannel.class), any(Permission.class))).thenReturn(true);
        for (Permission permission : missing) {
            when(self.hasPermission(any(GuildChannel.class), eq(permission))).thenReturn(false);
        }
        return channel;
    }

    private static Member member(String... roleIds) {
        Member member = mock(Member.class);
        List<Role> roles = java.util.Arrays.stream(roleIds).map(id -> {
            Role role = mock(Role.class);
            when(role.getId()).thenReturn(id);
            return role;
        }).toList();
        when(member.getRoles()).thenReturn(roles);
        return member;
    }

    @Test
    void theBotNeverStartsWhereItMayNotPostOrOpenThreads() {
        DiscordAccess access = new DiscordAccess(Set.of(), Set.of(), true);

        assertThat(access.refusal(ENGLISH, member(), channel("1", Permission.CREATE_PUBLIC_THREADS)))
                .hasValueSatisfying(text -> assertThat(text).contains("missing the permission").contains(Permission.CREATE_PUBLIC_THREADS.getName()));
        assertThat(access.refusal(ENGLISH, member(), channel("1", Permission.MESSAGE_SEND))).isPresent();
        assertThat(access.refusal(ENGLISH, member(), channel("1"))).isEmpty();
    }

    @Test
    void configuredChannelsAndRolesLimitWhoUsesItWhere() {
        DiscordAccess access = new DiscordAccess(Set.of("10"), Set.of("artists"), true);

        assertThat(access.refusal(ENGLISH, member("artists"), channel("11"))).hasValueSatisfying(text -> assertThat(text).contains("<#10>"));
        assertThat(access.refusal(ENGLISH, member("viewers"), channel("10"))).hasValueSatisfying(text -> assertThat(text).contains("<@&artists>"));
        assertThat(access.refusal(ENGLISH, member("viewers", "artists"), channel("10"))).isEmpty();
    }

    @Test
    void directMessagesFollowTheirSetting() {
        PrivateChannel dm = mock(PrivateChannel.class);

        assertThat(new DiscordAccess(Set.of(), Set.of(), true).refusal(ENGLISH, null, dm)).isEmpty();
        assertThat(new DiscordAccess(Set.of(), Set.of(), false).refusal(ENGLISH, null, dm)).hasValueSatisfying(text -> assertThat(text).contains("direct messages"));
    }
}
