package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import org.junit.jupiter.api.Test;

import static dev.kontextbot.adapter.slack.SlackTestApp.ROOT_TS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flags written in the instruction, over the real Bolt app against the loopback Slack, on the offline editor: in a
 * mention, in thread replies and in {@code /kontext new}; the part the editor cannot do is named in the turn's message.
 */
class SlackFlagsTest extends SlackBotTest {
    @Override
    String config() {
        return "engine:\n  poll-interval: 50ms\n";
    }

    @Test
    void flagsInMentionsAndRepliesBecomeTheTurnsParametersAndBadOnesAreNamed() throws Exception {
        bot.mention(ROOT_TS, "make it sepia and put a hat on the cat \u2014ar 16:9 --seed 42", "photo.png");
        Session session = bot.session(ROOT_TS);

        Turn first = bot.settled(session.id(), 1).turns().get(0).turn();
        assertThat(first.prompt()).isEqualTo("make it sepia and put a hat on the cat");
        assertThat(first.params().aspectRatio()).isEqualTo(AspectRatio.LANDSCAPE_16_9);
        assertThat(first.params().seed()).isEqualTo(42);
        String firstTs = bot.messageTsOf(first.id());
        var shown = slack.calls("chat.update").stream().filter(c -> c.params().get("ts").equals(firstTs)).reduce((a, b) -> b).orElseThrow();
        assertThat(shown.params().get("blocks")).contains("Not done: “put a hat on the cat”. The offline editor only knows").contains("seed 42");

        bot.threadReply(ROOT_TS, "U2", "mirror --n 2 --png", "1700000000.000002");
        Turn second = bot.settled(session.id(), 2).turns().get(1).turn();
        assertThat(second.prompt()).isEqualTo("mirror");
        assertThat(second.params().numImages()).isEqualTo(2);
        assertThat(second.params().outputFormat()).isEqualTo(OutputFormat.PNG);
        assertThat(bot.engine().snapshot(session.id()).turns().get(1).variants()).hasSize(2);

        bot.threadReply(ROOT_TS, "U2", "invert --seed abc", "1700000000.000003");
        Await.until(() -> slack.calls("chat.postEphemeral").stream().anyMatch(c -> c.params().get("text")
                .equals("--seed abc: the value must be a whole number, not 'abc'.")), "the private refusal naming the flag");
        assertThat(bot.engine().snapshot(session.id()).turns()).as("no turn for a refused flag").hasSize(2);
    }

    @Test
    void flagsInTheNewCommandShapeTheGeneratedPicture() throws Exception {
        bot.command("U1", "new a lighthouse at dusk --ar 9:16 --seed 7");

        Await.until(() -> !slack.calls("chat.postMessage").isEmpty(), "the thread root");
        Session session = bot.session("1700000000.101");
        Turn turn = bot.settled(session.id(), 1).turns().get(0).turn();
        assertThat(turn.kind()).isEqualTo(TurnKind.GENERATE);
        assertThat(turn.prompt()).isEqualTo("a lighthouse at dusk");
        assertThat(turn.params().aspectRatio()).isEqualTo(AspectRatio.PORTRAIT_16_9);
        assertThat(turn.params().seed()).isEqualTo(7);
        assertThat(turn.shortfall()).as("text-only generation leaves nothing out").isEmpty();
        assertThat(bot.command("U1", "help").body()).contains("--ar 16:9, --seed 42, --n 3, --model flux-2-pro");
    }
}
