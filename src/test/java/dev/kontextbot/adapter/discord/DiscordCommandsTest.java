package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.GatewayEvent;
import dev.kontextbot.adapter.discord.fake.RecordedCall;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rest of the Discord surface over real JDA and the loopback Discord: commands, forms, buttons, DMs, refusals. */
class DiscordCommandsTest {
    static final byte[] PHOTO = TestImages.encode(TestImages.drawn(80, 60, (x, y) -> (x * 3) << 16 | (y * 4) << 8 | 40), "png");

    @TempDir
    Path dir;
    DiscordTestApp bot;
    FakeDiscord discord;

    void start(String yaml) {
        discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, yaml);
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    /** A follow-up sent only to the presser (after a deferred button press). */
    String followUp(SentInteraction interaction) {
        return discord.awaitCall("POST", interaction.webhookPath()).json().get("content").asText();
    }

    Session started(SentInteraction command) {
        String answer = bot.answer(command);
        assertThat(answer).startsWith("Started in <#");
        String threadId = answer.substring("Started in <#".length(), answer.indexOf('>'));
        return bot.session(discord.thread(threadId));
    }

    SentInteraction edit(FakeChannel channel, String prompt) {
        return discord.slashCommand(channel, discord.alice(), "kontext", "edit", Map.of("prompt", prompt, "image", FakeFile.png("p.png", PHOTO)));
    }

    @Test
    void newGeneratesFromTextInItsOwnThread() {
        start("");
        SentInteraction command = discord.slashCommand(discord.general(), discord.bob(), "kontext", "new", Map.of("prompt", "a red fox"));

        Session session = started(command);

        SessionSnapshot done = bot.settled(session.id(), 1);
        assertThat(done.turns().get(0).turn().kind()).isEqualTo(TurnKind.GENERATE);
        assertThat(done.session().owner()).isEqualTo(discord.bob().id());
        assertThat(bot.doneMessageOf(discord.thread(session.conversation().thread()), done.turns().get(0).turn().id()).attachmentFilenames()).hasSize(1);
    }

    @Test
    void theSameInteractionDeliveredThreeTimesStartsOneSession() {
        start("");
        SentInteraction command = edit(discord.general(), "grayscale");
        Session session = started(command);
        ObjectNode payload = (ObjectNode) discord.dispatchedEvents().stream().filter(e -> e.type().equals("INTERACTION_CREATE"))
                .map(GatewayEvent::payload).filter(p -> p.get("id").asText().equals(command.id())).findFirst().orElseThrow();

        discord.dispatch("INTERACTION_CREATE", payload.deepCopy());
        discord.dispatch("INTERACTION_CREATE", payload.deepCopy());
        bot.settled(session.id(), 1);

        // A later interaction is handled after the copies (one gateway connection, handled in order): its answer means they were seen.
        bot.answer(discord.slashCommand(discord.general(), discord.bob(), "kontext", "usage", Map.of()));
        assertThat(discord.calls().stream().filter(c -> c.path().startsWith(command.callbackPath()))).as("the copies are not acknowledged").hasSize(1);
        assertThat(discord.threads()).hasSize(1);
        assertThat(bot.engine().recentSessions(DiscordBot.PLATFORM, discord.guild().id(), discord.general().id(), 10)).hasSize(1);
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(1);
    }

    @Test
    void editWithKontextOnAMessageAsksForTheInstructionAndOpensTheThreadOnThatMessage() {
        start("");
        StoredMessage photo = discord.messageCreate(discord.general(), discord.alice(), "our team photo", FakeFile.png("team.png", PHOTO));
        SentInteraction menu = discord.messageContextCommand(discord.general(), discord.bob(), "Edit with Kontext", photo.id());
        assertThat(discord.awaitCallback(menu).at("/type").asInt()).as("a form").isEqualTo(9);

        SentInteraction form = discord.modalSubmit(discord.general(), discord.bob(), "kx-edit:" + discord.general().id() + ":" + photo.id(),
                Map.of("prompt", "sepia", "variants", "2"));

        Session session = started(form);
        discord.awaitCall("POST", "channels/" + discord.general().id() + "/messages/" + photo.id() + "/threads");
        SessionSnapshot done = bot.settled(session.id(), 1);
        assertThat(done.turns().get(0).turn().prompt()).isEqualTo("sepia");
        assertThat(done.turns().get(0).variants()).hasSize(2);
    }

    @Test
    void remixInfoAndDeleteActOnTheTurnForThePeopleAllowedTo() {
        start("");
        Session session = started(edit(discord.general(), "grayscale"));
        FakeChannel thread = discord.thread(session.conversation().thread());
        long first = bot.settled(session.id(), 1).turns().get(0).turn().id();
        StoredMessage message = bot.doneMessageOf(thread, first);

        SentInteraction remix = discord.button(thread, discord.bob(), message.id(), new ComponentId("remix", session.id(), first, 0).encode());
        assertThat(discord.awaitCallback(remix).at("/type").asInt()).isEqualTo(9);
        SentInteraction remixForm = discord.modalSubmit(thread, discord.bob(), message.id(), new ComponentId("remix", session.id(), first, 0).encode(),
                Map.of("prompt", "invert", "variants", "2", "seed", "77"));
        assertThat(bot.answer(remixForm)).contains("Remix queued");
        SessionSnapshot remixed = bot.settled(session.id(), 2);
        assertThat(remixed.turns().get(1).turn().kind()).isEqualTo(TurnKind.REROLL);
        assertThat(remixed.turns().get(1).turn().prompt()).isEqualTo("invert");
        assertThat(remixed.turns().get(1).turn().params().numImages()).isEqualTo(2);
        assertThat(remixed.turns().get(1).turn().params().seed()).isEqualTo(77);
        assertThat(remixed.turns().get(1).turn().parent()).isEqualTo(remixed.turns().get(0).turn().parent());

        SentInteraction info = discord.button(thread, discord.bob(), message.id(), new ComponentId("info", session.id(), first, 0).encode());
        assertThat(bot.answer(info)).contains("grayscale").contains("lineage: source → turn 1").contains("model kontext-pro");

        SentInteraction notAllowed = discord.button(thread, discord.bob(), message.id(), new ComponentId("delete", session.id(), first, 0).encode());
        assertThat(followUp(notAllowed)).contains("Only <@" + discord.alice().id() + ">");
        assertThat(discord.message(message.id()).attachmentFilenames()).isNotEmpty();

        discord.button(thread, discord.alice(), message.id(), new ComponentId("delete", session.id(), first, 0).encode());
        Await.until(() -> discord.message(message.id()).content().startsWith("🗑️"), "the deleted result");
        assertThat(discord.message(message.id()).attachmentFilenames()).isEmpty();
        assertThat(discord.message(message.id()).customIds()).isEmpty();
    }

    @Test
    void resultsShowTheirFidelityAndTheTimelineAndBeforeAfterPicturesAreOneClickAway() {
        start("");
        Session session = started(edit(discord.general(), "sepia"));
        FakeChannel thread = discord.thread(session.conversation().thread());
        long first = bot.settled(session.id(), 1).turns().get(0).turn().id();
        StoredMessage message = bot.doneMessageOf(thread, first);
        // The images come first; the message is drawn again once they are measured.
        Await.until(() -> discord.message(message.id()).content().matches("(?s).*seed \\d+ · fidelity \\d+.*"),
                "the fidelity beside the variant");

        SentInteraction timeline = discord.button(thread, discord.bob(), message.id(), new ComponentId("timeline", session.id(), first, 0).encode());
        assertThat(bot.answer(timeline)).startsWith("Timeline");
        assertThat(discord.originalResponse(timeline).isEphemeral()).isTrue();
        assertThat(discord.originalResponse(timeline).attachmentFilenames()).containsExactly("kontext-session-" + session.id() + "-timeline.png");
        SentInteraction compare = discord.button(thread, discord.bob(), message.id(), new ComponentId("compare", session.id(), first, 0).encode());
        assertThat(bot.answer(compare)).startsWith("Before → after");
        byte[] png = discord.attachmentBytes(discord.originalResponse(compare).attachments().get(0).get("id").asText());
        assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void exportSendsTheSessionAsAZipThePlaygroundCanImport() throws Exception {
        start("");
        Session session = started(edit(discord.general(), "sepia"));
        FakeChannel thread = discord.thread(session.conversation().thread());
        long first = bot.settled(session.id(), 1).turns().get(0).turn().id();
        StoredMessage message = bot.doneMessageOf(thread, first);

        SentInteraction export = discord.button(thread, discord.bob(), message.id(), new ComponentId("export", session.id(), first, 0).encode());

        assertThat(bot.answer(export)).startsWith("📦");
        var attachment = discord.originalResponse(export).attachments().get(0);
        assertThat(attachment.get("filename").asText()).isEqualTo("kontext-session-" + session.id() + ".zip");
        byte[] zip = discord.attachmentBytes(attachment.get("id").asText());
        java.util.List<String> names = new java.util.ArrayList<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertThat(names).contains("manifest.json").hasSizeGreaterThan(2);

        SentInteraction command = discord.slashCommand(thread, discord.bob(), "kontext", "export", Map.of());
        assertThat(bot.answer(command)).startsWith("📦");
        assertThat(discord.originalResponse(command).attachmentFilenames()).containsExactly("kontext-session-" + session.id() + ".zip");
        SentInteraction outside = discord.slashCommand(discord.general(), discord.bob(), "kontext", "export", Map.of());
        assertThat(bot.answer(outside)).contains("in a session's thread");
    }

    @Test
    void branchOpensANewThreadStartingFromThatVariant() {
        start("");
        Session session = started(edit(discord.general(), "grayscale"));
        FakeChannel thread = discord.thread(session.conversation().thread());
        SessionSnapshot done = bot.settled(session.id(), 1);
        long first = done.turns().get(0).turn().id();
        StoredMessage message = bot.doneMessageOf(thread, first);

        SentInteraction branch = discord.button(thread, discord.bob(), message.id(), new ComponentId("branch", session.id(), first, 0).encode());

        String note = followUp(branch);
        String branchThread = note.substring(note.indexOf("<#") + 2, note.indexOf('>'));
        Session branched = bot.session(discord.thread(branchThread));
        assertThat(branched.source()).isEqualTo(done.turns().get(0).variants().get(0).context());
        assertThat(branched.branchedFrom().turnId()).isEqualTo(first);
        discord.messageCreate(discord.thread(branchThread), discord.bob(), "invert");
        assertThat(bot.settled(branched.id(), 1).turns().get(0).turn().parent()).isEqualTo(branched.source());
    }

    @Test
    void settingsChangeThisChannelsDefaultsAndOnlyAdminsChangeTheServers() {
        start("");
        SentInteraction show = discord.slashCommand(discord.general(), discord.bob(), "kontext", "settings", Map.of());
        assertThat(bot.answer(show)).contains("1 variant ·").contains("the bot's defaults");

        SentInteraction change = discord.slashCommand(discord.general(), discord.bob(), "kontext", "settings", Map.of("variants", 3));
        assertThat(bot.answer(change)).startsWith("Saved.").contains("3 variants").contains("this channel sets 3 variants");
        SentInteraction safety = discord.slashCommand(discord.general(), discord.bob(), "kontext", "settings", Map.of("safety", 4));
        assertThat(bot.answer(safety)).contains("safety 4 ·").contains("this channel sets 3 variants · safety 4");
        SentInteraction serverByBob = discord.slashCommand(discord.general(), discord.bob(), "kontext", "settings",
                Map.of("scope", "server", "model", "max"));
        assertThat(bot.answer(serverByBob)).contains("Only server admins");
        SentInteraction serverByAdmin = discord.slashCommand(discord.general(), discord.carol(), "kontext", "settings",
                Map.of("scope", "server", "model", "max"));
        assertThat(bot.answer(serverByAdmin)).startsWith("Saved.").contains("model kontext-max");

        Session session = started(edit(discord.general(), "grayscale"));
        SessionSnapshot done = bot.settled(session.id(), 1);
        assertThat(done.turns().get(0).turn().params().numImages()).isEqualTo(3);
        assertThat(done.turns().get(0).turn().params().model().id()).isEqualTo("kontext-max");

        bot.doneMessageOf(discord.thread(session.conversation().thread()), done.turns().get(0).turn().id());
        SentInteraction history = discord.slashCommand(discord.thread(session.conversation().thread()), discord.bob(), "kontext", "history", Map.of());
        assertThat(bot.answer(history)).contains("**This session:** 1 turn(s)").contains("“grayscale”").contains("[jump](https://discord.com/channels/");
        assertThat(discord.originalResponse(history).attachmentFilenames()).containsExactly("kontext-session-" + session.id() + "-timeline-1.png");
        SentInteraction help = discord.slashCommand(discord.general(), discord.bob(), "kontext", "help", Map.of());
        assertThat(discord.awaitCallback(help).at("/data/content").asText()).contains("/kontext edit");
    }

    @Test
    void aResultOverTheUploadLimitIsSentSmallerNeverDropped() throws Exception {
        start("discord:\n  max-upload-mb: 1\n");
        java.util.Random noise = new java.util.Random(3);
        byte[] big = TestImages.encode(TestImages.drawn(1200, 900, (x, y) -> noise.nextInt(0xFFFFFF)), "png");
        SentInteraction command = discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "brighter", "image", FakeFile.png("big.png", big), "format", "png"));
        Session session = started(command);
        long turn = bot.settled(session.id(), 1).turns().get(0).turn().id();

        StoredMessage done = bot.doneMessageOf(discord.thread(session.conversation().thread()), turn);

        assertThat(bot.app.engine().turn(turn).orElseThrow().params().outputFormat().wireName()).isEqualTo("png");
        assertThat(done.attachmentFilenames()).containsExactly("kontext-" + turn + "-1.jpg");
        java.util.function.Predicate<RecordedCall> uploadToThread = c -> !c.files().isEmpty() && c.path().contains(session.conversation().thread());
        Await.until(() -> discord.calls().stream().anyMatch(uploadToThread), "the upload recorded");
        RecordedCall upload = discord.calls().stream().filter(uploadToThread).reduce((a, b) -> b).orElseThrow();
        assertThat(upload.file(0).bytes().length).isLessThanOrEqualTo(1024 * 1024);
    }

    @Test
    void thePromptAutocompletesWithExamples() {
        start("");
        SentInteraction typing = discord.autocomplete(discord.general(), discord.alice(), "kontext", "edit", Map.of("prompt", "water"), "prompt");

        RecordedCall choices = discord.awaitCallback(typing);

        assertThat(choices.at("/type").asInt()).isEqualTo(8);
        assertThat(choices.at("/data/choices").findValuesAsText("value")).containsExactly("water", "make it a watercolor painting");
    }

    @Test
    void pressingRerollTwiceRerollsOnce() {
        start("");
        Session session = started(edit(discord.general(), "grayscale"));
        FakeChannel thread = discord.thread(session.conversation().thread());
        long first = bot.settled(session.id(), 1).turns().get(0).turn().id();
        StoredMessage message = bot.doneMessageOf(thread, first);
        String reroll = new ComponentId("reroll", session.id(), first, 0).encode();

        SentInteraction one = discord.button(thread, discord.bob(), message.id(), reroll);
        SentInteraction two = discord.button(thread, discord.bob(), message.id(), reroll);
        discord.awaitCallback(one);
        discord.awaitCallback(two);

        bot.settled(session.id(), 2);
        Await.until(() -> discord.messages(thread).stream().filter(m -> m.content().startsWith("✅")).count() == 2, "the reroll shown");
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(2);
    }

    @Test
    void aFileThatIsNotAnImageIsAnsweredPrivatelyAndOpensNoThread() {
        start("");
        SentInteraction command = discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "grayscale", "image", FakeFile.png("fake.png", "<html>not a picture</html>".getBytes())));

        assertThat(bot.answer(command)).containsIgnoringCase("image");
        assertThat(discord.threads()).isEmpty();
        assertThat(discord.messages(discord.general())).allMatch(StoredMessage::isEphemeral);
    }

    @Test
    void aChannelOutsideTheAllowedOnesIsRefused() {
        start("discord:\n  allowed-channels: [\"123\"]\n");
        SentInteraction command = edit(discord.general(), "grayscale");

        assertThat(bot.answer(command)).contains("not enabled in this channel").contains("<#123>");
        assertThat(discord.threads()).isEmpty();
    }

    @Test
    void aDirectMessageIsASessionOfItsOwnAndRepliesThereRefineIt() {
        start("");
        FakeChannel dm = discord.dmWith(discord.alice());
        SentInteraction command = edit(dm, "grayscale");

        assertThat(bot.answer(command)).contains("results follow here");
        Session session = bot.engine().recentSessions(DiscordBot.PLATFORM, "dm:" + discord.alice().id(), dm.id(), 1).get(0).session();
        bot.settled(session.id(), 1);
        discord.messageCreate(dm, discord.alice(), "sepia");

        SessionSnapshot both = bot.settled(session.id(), 2);
        assertThat(both.turns().get(1).turn().parent()).isEqualTo(both.turns().get(0).variants().get(0).context());
        assertThat(discord.threads()).isEmpty();
    }

    @Test
    void theModelOptionListsTheCatalogueAndAnEditSwitchesToFlux2() {
        start("");
        com.fasterxml.jackson.databind.JsonNode kontext = discord.registeredCommands(null).stream()
                .filter(c -> c.get("name").asText().equals("kontext")).findFirst().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode editOptions = java.util.stream.StreamSupport.stream(kontext.get("options").spliterator(), false)
                .filter(o -> o.get("name").asText().equals("edit")).findFirst().orElseThrow().get("options");
        com.fasterxml.jackson.databind.JsonNode model = java.util.stream.StreamSupport.stream(editOptions.spliterator(), false)
                .filter(o -> o.get("name").asText().equals("model")).findFirst().orElseThrow();
        assertThat(model.get("choices").findValuesAsText("value"))
                .containsExactly("kontext-pro", "kontext-max", "flux-2-pro", "flux-2-max", "flux-2-flex", "kontext-dev");

        Session session = started(discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "grayscale", "image", FakeFile.png("p.png", PHOTO), "model", "flux-2-pro")));
        SessionSnapshot done = bot.settled(session.id(), 1);
        assertThat(done.turns().get(0).turn().params().model()).isEqualTo(new dev.kontextbot.engine.model.ModelId("flux-2-pro"));

        String list = bot.answer(discord.slashCommand(discord.general(), discord.carol(), "kontext", "admin models", Map.of()));
        assertThat(list).contains("**Models**").contains("• `flux-2-max` FLUX.2 [max] — via offline, free here");
        SentInteraction help = discord.slashCommand(discord.general(), discord.bob(), "kontext", "help", Map.of());
        assertThat(discord.awaitCallback(help).at("/data/content").asText()).contains("kontext-pro, kontext-max, flux-2-pro, flux-2-max, flux-2-flex");
    }
}
