package dev.kontextbot.adapter.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.RecordedCall;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.testing.TestImages;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.FileUpload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Posting and editing by channel id through JDA's requester, against the loopback Discord. */
class DiscordRestMessagesTest {
    static final byte[] FIRST = TestImages.encode(TestImages.drawn(8, 6, (x, y) -> 0x336699 + x), "png");
    static final byte[] SECOND = TestImages.encode(TestImages.drawn(8, 6, (x, y) -> 0x993366 + y), "png");

    final FakeDiscord discord = FakeDiscord.start();

    @AfterEach
    void close() {
        discord.close();
    }

    JDA connect() {
        return discord.connect(EnumSet.of(GatewayIntent.GUILD_MESSAGES));
    }

    @Test
    void aMessageInAThreadArchivedBeforeJdaConnectedIsPostedAndEditedWithItsFiles() {
        FakeChannel thread = discord.archivedThread(discord.general(), discord.alice(), "last week");
        JDA jda = connect();
        DiscordRestMessages messages = new DiscordRestMessages(() -> jda);
        assertThat(jda.getThreadChannelById(thread.id())).as("the thread is not in JDA's cache").isNull();

        String id = messages.post(thread.id(), queued().create());
        messages.edit(thread.id(), id, done().edit());

        StoredMessage shown = discord.message(id);
        assertThat(shown.channelId()).isEqualTo(thread.id());
        assertThat(shown.content()).isEqualTo("✅ done");
        assertThat(shown.attachmentFilenames()).containsExactly("kontext-7-1.png", "kontext-7-2.png");
        assertThat(discord.attachmentBytes(shown.attachments().get(1).path("id").asText())).isEqualTo(SECOND);
        assertThat(shown.customIds()).containsExactly("kx:use:1:7:0", "kx:reroll:1:7:0");
        RecordedCall post = discord.awaitCall("POST", "channels/" + thread.id() + "/messages");
        assertThat(post.json().get("content").asText()).isEqualTo("⏳ queued");
        RecordedCall edit = discord.awaitCall("PATCH", "channels/" + thread.id() + "/messages/" + id);
        assertThat(edit.multipart()).isTrue();
        assertThat(edit.files()).extracting(RecordedCall.FilePart::name).containsExactly("files[0]", "files[1]");
        assertThat(discord.unknownRoutes()).isEmpty();
    }

    @Test
    void theRequestsAreTheOnesJdaMakesThroughAChannelObject() {
        JDA jda = connect();
        DiscordRestMessages messages = new DiscordRestMessages(() -> jda);
        TextChannel general = jda.getTextChannelById(discord.general().id());
        String path = "channels/" + general.getId() + "/messages";

        String jdaId = general.sendMessage(done().create()).complete().getId();
        RecordedCall jdaPost = discord.awaitCall("POST", path);
        String ourId = messages.post(general.getId(), done().create());
        RecordedCall ourPost = discord.awaitCall("POST", path);
        general.editMessageById(jdaId, done().edit()).complete();
        RecordedCall jdaEdit = discord.awaitCall("PATCH", path + "/" + jdaId);
        messages.edit(general.getId(), ourId, done().edit());
        RecordedCall ourEdit = discord.awaitCall("PATCH", path + "/" + ourId);

        assertSameRequest(ourPost, jdaPost);
        assertSameRequest(ourEdit, jdaEdit);
        assertThat(ourPost.json().path("nonce").asText()).isNotBlank().isNotEqualTo(jdaPost.json().path("nonce").asText());
    }

    @Test
    void aChannelDiscordDoesNotKnowIsAnError() {
        JDA jda = connect();
        DiscordRestMessages messages = new DiscordRestMessages(() -> jda);

        assertThatThrownBy(() -> messages.post("123456789012345678", queued().create()))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.getErrorResponse()).isEqualTo(ErrorResponse.UNKNOWN_CHANNEL));
    }

    private static void assertSameRequest(RecordedCall ours, RecordedCall jdas) {
        assertThat(ours.multipart()).isEqualTo(jdas.multipart());
        assertThat(withoutNonce(ours.json())).isEqualTo(withoutNonce(jdas.json()));
        assertThat(ours.files()).extracting(RecordedCall.FilePart::name, RecordedCall.FilePart::filename, RecordedCall.FilePart::contentType)
                .containsExactlyElementsOf(jdas.files().stream().map(f -> tuple(f.name(), f.filename(), f.contentType())).toList());
        for (int i = 0; i < jdas.files().size(); i++) {
            assertThat(ours.file(i).bytes()).isEqualTo(jdas.file(i).bytes());
        }
    }

    private static JsonNode withoutNonce(JsonNode json) {
        ObjectNode copy = json.deepCopy();
        copy.remove("nonce");
        return copy;
    }

    private static TurnMessages.Rendered queued() {
        return new TurnMessages.Rendered("⏳ queued", List.of(ActionRow.of(Button.secondary("kx:cancel:1:7:0", "Cancel"))), List.of(), false);
    }

    private static TurnMessages.Rendered done() {
        return new TurnMessages.Rendered("✅ done", List.of(ActionRow.of(Button.primary("kx:use:1:7:0", "Use 1"),
                Button.secondary("kx:reroll:1:7:0", "Reroll"))),
                List.of(FileUpload.fromData(FIRST, "kontext-7-1.png"), FileUpload.fromData(SECOND, "kontext-7-2.png")), true);
    }
}
