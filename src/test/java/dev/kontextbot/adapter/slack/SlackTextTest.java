package dev.kontextbot.adapter.slack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlackTextTest {
    @Test
    void escapingComesBeforeTheCutSoTheResultFitsTheRoom() {
        String cut = SlackText.escaped("<".repeat(1000), 3000);

        assertThat(cut).hasSizeLessThanOrEqualTo(3000).endsWith("…");
        assertThat(cut.substring(0, cut.length() - 1)).matches("(&lt;)+");
    }

    @Test
    void aCutNeverSplitsAnEntityOrASurrogatePair() {
        assertThat(SlackText.fit("ab&amp;cd", 5)).isEqualTo("ab…");
        assertThat(SlackText.fit("ab&amp;cd", 8)).isEqualTo("ab&amp;…");
        assertThat(SlackText.fit("a😀b", 3)).isEqualTo("a…");
        assertThat(SlackText.fit("short", 3000)).isEqualTo("short");
    }

    @Test
    void textFromSlackIsReadAsTyped() {
        assertThat(SlackText.unescape("a &lt;b&gt; &amp;lt; c")).isEqualTo("a <b> &lt; c");
        assertThat(SlackText.unescape(null)).isNull();
    }
}
