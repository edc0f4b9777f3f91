package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import static dev.kontextbot.adapter.slack.SlackTestApp.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

/** /kontext, the message shortcut and its modal, Remix, Info, Cancel permissions — over the real Bolt app. */
class SlackCommandsAndModalsTest extends SlackBotTest {
    @Override
    String config() {
        return "defaults:\n  output_format: png\n";
    }

    /** A session started by a mention with dog.png in thread {@code ts}, its first turn finished. */
    private Started startOn(String ts) throws Exception {
        bot.mention(ts, "sepia", "dog.png");
        Session session = bot.session(ts);
        Turn first = bot.settled(session.id(), 1).turns().get(0).turn();
        return new Started(session, first, session.id() + ":" + first.id() + ":0");
    }

    record Started(Session session, Turn first, String buttonValue) {
    }

    @Test
    void helpAnswersAtOnceWithHowToStart() throws Exception {
        var answer = bot.command("U1", "help");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("/kontext new").contains("Mention me");
    }

    @Test
    void newGeneratesFromTextInAFreshThread() throws Exception {
        assertThat(bot.command("U1", "new a lighthouse at dusk").status()).isEqualTo(200);

        Await.until(() -> !slack.calls("chat.postMessage").isEmpty(), "the thread root");
        var root = slack.calls("chat.postMessage").get(0);
        assertThat(root.params()).doesNotContainKey("thread_ts");
        assertThat(root.params().get("text")).contains("a lighthouse at dusk");
        String rootTs = "1700000000.101";
        Session session = bot.session(rootTs);
        Turn turn = bot.settled(session.id(), 1).turns().get(0).turn();
        assertThat(turn.kind()).isEqualTo(TurnKind.GENERATE);
        assertThat(turn.status()).isEqualTo(TurnStatus.DONE);
    }

    @Test
    void anInstructionAppliesToTheLatestImageInTheChannel() throws Exception {
        slack.historyJson = "{\"ok\":true,\"messages\":[{\"type\":\"message\",\"user\":\"U5\",\"text\":\"hi\",\"ts\":\"1700000100.000200\"},"
                + "{\"type\":\"message\",\"user\":\"U5\",\"text\":\"look\",\"ts\":\"1700000100.000100\",\"files\":[{\"id\":\"F9\",\"mimetype\":\"image/png\","
                + "\"url_private\":\"" + slack.fileUrl("dog.png") + "\"}]}]}";

        assertThat(bot.command("U1", "make it sepia").status()).isEqualTo(200);

        Session session = bot.session("1700000100.000100");
        assertThat(bot.settled(session.id(), 1).turns().get(0).turn().prompt()).isEqualTo("make it sepia");
        assertThat(slack.calls("conversations.history").get(0).params()).containsEntry("channel", CHANNEL);
    }

    @Test
    void withNoImageInTheChannelTheCommandExplainsHowToStart() throws Exception {
        bot.command("U1", "make it sepia");
        Await.until(() -> !slack.calls("chat.postEphemeral").isEmpty(), "the private hint");
        assertThat(slack.calls("chat.postEphemeral").get(0).params().get("text")).contains("found no image");
    }

    @Test
    void theShortcutOpensAModalWhoseSubmissionStartsASessionOnThatImage() throws Exception {
        String message = "{\"type\":\"message\",\"user\":\"U5\",\"ts\":\"1700000200.000100\",\"text\":\"our dog\",\"files\":[{\"id\":\"F7\","
                + "\"mimetype\":\"image/png\",\"url_private\":\"" + slack.fileUrl("dog.png") + "\"}]}";
        var shortcut = bot.interactive("{\"type\":\"message_action\",\"callback_id\":\"kontext_edit\",\"trigger_id\":\"trs1\",\"team\":{\"id\":\""
                + FakeSlack.TEAM + "\"},\"user\":{\"id\":\"U1\"},\"channel\":{\"id\":\"" + CHANNEL + "\"},\"message_ts\":\"1700000200.000100\","
                + "\"message\":" + message + ",\"token\":\"x\"}");
        assertThat(shortcut.status()).isEqualTo(200);
        Await.until(() -> !slack.calls("views.open").isEmpty(), "the modal");
        var modal = slack.calls("views.open").get(0).json("view");
        assertThat(modal.get("callback_id").asText()).isEqualTo("kontext_edit");

        var submitted = bot.interactive("{\"type\":\"view_submission\",\"team\":{\"id\":\"" + FakeSlack.TEAM + "\"},\"user\":{\"id\":\"U1\"},"
                + "\"view\":{\"id\":\"V1\",\"type\":\"modal\",\"callback_id\":\"kontext_edit\",\"private_metadata\":\""
                + modal.get("private_metadata").asText() + "\",\"state\":{\"values\":{\"prompt\":{\"value\":{\"type\":\"plain_text_input\","
                + "\"value\":\"invert\"}},\"num_images\":{\"value\":{\"type\":\"static_select\",\"selected_option\":{\"value\":\"2\"}}},"
                + "\"model\":{\"value\":{\"type\":\"static_select\",\"selected_option\":{\"value\":\"max\"}}}}}},\"token\":\"x\"}");
        assertThat(submitted.status()).isEqualTo(200);

        Session session = bot.session("1700000200.000100");
        Turn turn = bot.settled(session.id(), 1).turns().get(0).turn();
        assertThat(turn.prompt()).isEqualTo("invert");
        assertThat(turn.params().numImages()).isEqualTo(2);
        assertThat(turn.params().model()).isEqualTo(ModelId.KONTEXT_MAX);
    }

    @Test
    void resultsShowTheirFidelityAndTheTimelineButtonPostsThePictureIntoTheThread() throws Exception {
        Started started = startOn("1700000900.000100");
        Await.until(() -> slack.calls("chat.update").stream().anyMatch(c -> c.params().getOrDefault("blocks", "").contains("fidelity")),
                "the fidelity beside the variant");

        bot.press("U2", "kontext:timeline", started.buttonValue());

        Await.until(() -> slack.calls("files.completeUploadExternal").stream().anyMatch(c -> c.params().getOrDefault("initial_comment", "")
                .contains("Timeline")), "the timeline uploaded");
        var upload = slack.calls("files.completeUploadExternal").stream().filter(c -> c.params().getOrDefault("initial_comment", "")
                .contains("Timeline")).findFirst().orElseThrow();
        assertThat(upload.params()).containsEntry("channel_id", CHANNEL).containsEntry("thread_ts", "1700000900.000100");
        assertThat(upload.json("files").get(0).get("title").asText()).contains("<@U2>");
    }

    @Test
    void theExportButtonPostsTheSessionsZipIntoTheThread() throws Exception {
        Started started = startOn("1700000950.000100");

        bot.press("U2", "kontext:export", started.buttonValue());

        Await.until(() -> slack.calls("files.completeUploadExternal").stream().anyMatch(c -> c.params().getOrDefault("initial_comment", "")
                .startsWith("📦 Export")), "the export uploaded");
        var upload = slack.calls("files.completeUploadExternal").stream().filter(c -> c.params().getOrDefault("initial_comment", "")
                .startsWith("📦 Export")).findFirst().orElseThrow();
        assertThat(upload.params()).containsEntry("thread_ts", "1700000950.000100");
        assertThat(slack.calls("files.getUploadURLExternal").stream().map(c -> c.params().get("filename")))
                .contains("kontext-session-" + started.session().id() + ".zip");

        bot.command("U3", "timeline");
        Await.until(() -> slack.calls("files.completeUploadExternal").stream().anyMatch(c -> c.params().getOrDefault("initial_comment", "")
                .contains("Timeline, asked for by <@U3>")), "the timeline of the channel's newest session");
    }

    @Test
    void remixRunsATurnAgainWithTheChangedPromptAndInfoShowsItsLineage() throws Exception {
        Started started = startOn("1700000300.000100");
        Session session = started.session();
        Turn first = started.first();
        String value = started.buttonValue();

        bot.press("U1", "kontext:remix", value);
        Await.until(() -> !slack.calls("views.open").isEmpty(), "the remix modal");
        var modal = slack.calls("views.open").get(0).json("view");
        assertThat(modal.toString()).contains("sepia");
        bot.interactive("{\"type\":\"view_submission\",\"team\":{\"id\":\"" + FakeSlack.TEAM + "\"},\"user\":{\"id\":\"U1\"},"
                + "\"view\":{\"id\":\"V2\",\"type\":\"modal\",\"callback_id\":\"kontext_remix\",\"private_metadata\":\"" + value + "\","
                + "\"state\":{\"values\":{\"prompt\":{\"value\":{\"type\":\"plain_text_input\",\"value\":\"sepia and mirror\"}}}}},\"token\":\"x\"}");
        Turn remix = bot.settled(session.id(), 2).turns().get(1).turn();
        assertThat(remix.prompt()).isEqualTo("sepia and mirror");
        assertThat(remix.parent()).isEqualTo(first.parent());

        bot.press("U1", "kontext:info", session.id() + ":" + remix.id() + ":0");
        Await.until(() -> slack.calls("chat.postEphemeral").stream().anyMatch(c -> c.params().get("text").contains("lineage")), "the info");
        String info = slack.calls("chat.postEphemeral").stream().filter(c -> c.params().get("text").contains("lineage")).findFirst().orElseThrow()
                .params().get("text");
        assertThat(info).contains("seed " + remix.params().seed()).contains("source → turn 2");
    }

    @Test
    void onlyTheRequesterOrAnAdminMayCancelAndButtonsFromAnotherWorkspaceDoNothing() throws Exception {
        bot.mention("1700000400.000100", "sepia", "dog.png");
        Session session = bot.session("1700000400.000100");
        bot.settled(session.id(), 1);
        Turn second = bot.engine().refine(session.id(), "U1", "heavy blur", dev.kontextbot.engine.model.ParamOverrides.NONE, null);
        String value = session.id() + ":" + second.id() + ":0";

        bot.press("U2", "kontext:cancel", value);
        Await.until(() -> slack.calls("chat.postEphemeral").stream().anyMatch(c -> c.params().get("text").contains("can cancel it")), "the refusal");
        String forged = bot.interactive("{\"type\":\"block_actions\",\"team\":{\"id\":\"T_OTHER\"},\"user\":{\"id\":\"U1\"},\"trigger_id\":\"t\","
                + "\"channel\":{\"id\":\"" + CHANNEL + "\"},\"actions\":[{\"type\":\"button\",\"action_id\":\"kontext:undo\",\"value\":\""
                + session.id() + ":" + second.id() + ":0\",\"action_ts\":\"1\"}],\"token\":\"x\"}").body();
        Await.until(() -> slack.calls("chat.postEphemeral").stream().anyMatch(c -> c.params().get("text").contains("can't find here")), "the foreign refusal");
        assertThat(forged).doesNotContain("Exception");
        bot.settled(session.id(), 2);
        assertThat(bot.engine().turn(second.id()).orElseThrow().status()).isEqualTo(TurnStatus.DONE);
    }

    @Test
    void historyListsTheChannelsSessionsAndSettingsShowsTheDefaults() throws Exception {
        bot.mention("1700000500.000100", "sepia", "dog.png");
        Session session = bot.session("1700000500.000100");
        bot.settled(session.id(), 1);
        bot.threadReply("1700000500.000100", "U1", "mirror", "1700000500.000200");
        bot.settled(session.id(), 2);

        String history = bot.command("U1", "history").body();
        String settings = bot.command("U1", "settings").body();

        assertThat(history).contains("“sepia”").contains("“mirror”").contains("2 turn(s)").contains("p1700000500000100");
        assertThat(settings).contains("model kontext-pro").contains("png");
    }

    @Test
    void aReplyWithANewImageAndNoInstructionMakesItTheHeadTheNextInstructionEdits() throws Exception {
        bot.mention("1700000600.000100", "sepia", "dog.png");
        Session session = bot.session("1700000600.000100");
        bot.settled(session.id(), 1);
        slack.files.put("cat.png", TestImages.encode(TestImages.drawn(16, 16, (x, y) -> 0xff0000), "png"));

        // Images sent with an instruction are that turn's references (SlackReferencesTest); alone, the image is the new head.
        bot.event("EvShare", "{\"type\":\"message\",\"subtype\":\"file_share\",\"user\":\"U1\",\"text\":\"\",\"ts\":\"1700000600.000200\","
                + "\"thread_ts\":\"1700000600.000100\",\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"1700000600.000200\",\"files\":[{\"id\":\"F8\","
                + "\"mimetype\":\"image/png\",\"url_private\":\"" + slack.fileUrl("cat.png") + "\"}]}", java.util.Map.of());
        Await.until(() -> slack.calls.stream().anyMatch(c -> c.method().equals("download cat.png")), "the new head downloaded");
        Await.until(() -> !bot.engine().session(session.id()).head().equals(bot.engine().snapshot(session.id()).turns().get(0).variants().get(0).context()),
                "the new head");
        bot.threadReply("1700000600.000100", "U1", "invert this one", "1700000600.000300");

        Turn second = bot.settled(session.id(), 2).turns().get(1).turn();
        assertThat(second.prompt()).isEqualTo("invert this one");
        assertThat(slack.calls.stream().anyMatch(c -> c.method().equals("download cat.png"))).isTrue();
        String catSha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(slack.files.get("cat.png")));
        assertThat(second.parent().sha256()).isEqualTo(catSha);
    }

    @Test
    void branchStartsANewThreadFromTheVariant() throws Exception {
        bot.mention("1700000700.000100", "sepia", "dog.png");
        Session session = bot.session("1700000700.000100");
        Turn first = bot.settled(session.id(), 1).turns().get(0).turn();

        bot.press("U1", "kontext:branch", session.id() + ":" + first.id() + ":0");

        Await.until(() -> slack.calls("chat.postMessage").stream().anyMatch(c -> c.params().getOrDefault("text", "").contains("branched")), "the branch root");
        var root = slack.calls("chat.postMessage").stream().filter(c -> c.params().getOrDefault("text", "").contains("branched")).findFirst().orElseThrow();
        assertThat(root.params()).doesNotContainKey("thread_ts");
        Await.until(() -> bot.app.engine().recentSessions(SlackBot.PLATFORM, FakeSlack.TEAM, CHANNEL, 5).size() == 2, "the branch session");
        Session branch = bot.app.engine().recentSessions(SlackBot.PLATFORM, FakeSlack.TEAM, CHANNEL, 5).get(0).session();
        assertThat(branch.head()).isEqualTo(bot.settled(session.id(), 1).turns().get(0).variants().get(0).context());
    }

    @Test
    void aDoublePressOfRerollStartsOneTurn() throws Exception {
        Started started = startOn("1700000800.000100");
        Session session = started.session();
        Turn first = started.first();
        String value = started.buttonValue();

        bot.press("U1", "kontext:reroll", value);
        bot.press("U1", "kontext:reroll", value);
        bot.press("U1", "kontext:reroll", value);

        bot.settled(session.id(), 2);
        bot.awaitHandled();
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(2);
    }
}
