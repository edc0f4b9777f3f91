/**
 * A loopback Discord for tests that drive the real JDA client end to end.
 *
 * <pre>{@code
 * try (FakeDiscord discord = FakeDiscord.start()) {
 *     JDA jda = discord.connect(EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT), myListener);
 *     // or: discord.configure(JDABuilder.create(FakeDiscord.TOKEN, intents)) for a builder the code under test makes
 *     SentInteraction edit = discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
 *             Map.of("prompt", "make it blue", "image", FakeFile.png("in.png", bytes)));
 *     assertThat(discord.awaitCallback(edit).at("/type").asInt()).isEqualTo(5);      // deferred
 *     RecordedCall result = discord.awaitCall("PATCH", edit.originalPath());          // the edited @original
 *     assertThat(result.files()).isNotEmpty();
 * }
 * }</pre>
 *
 * <p>What the fake does like Discord, so the bot meets it in tests first: the bot's own messages, edits,
 * deletions, reactions and new threads come back as gateway events (not ephemeral messages); events need their
 * intents and guild message content needs MESSAGE_CONTENT; an interaction must be acknowledged within 3 s and only
 * once; empty messages are rejected (50006); attachment URLs carry a signed-URL query; embeds get
 * {@code type: rich} and {@code attachment://} image URLs resolved; components get numeric ids; a sharded client
 * gets a guild (and its events) only on the connection of shard {@code (guild_id >> 22) % shard_total}, and DMs on
 * shard 0; archived threads are not announced.
 */
package dev.kontextbot.adapter.discord.fake;
