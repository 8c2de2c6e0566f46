package dev.starling.visualizer.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextSafetyTest {

    @Test
    void xmlEscapesMarkupAndReplacesCharactersXmlCannotCarry() {
        assertThat(TextSafety.xml("<a href='x'>&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
        assertThat(TextSafety.xml("a\u0000b\u001bc\uFFFEd\ud800e")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
        assertThat(TextSafety.xml("tab\tok \uD83D\uDE00")).isEqualTo("tab\tok \uD83D\uDE00");
    }

    @Test
    void dotNeverLeavesABackslashBeforeTheClosingQuote() {
        assertThat(TextSafety.dot("a\\")).isEqualTo("a\\\\ ");
        assertThat(TextSafety.dot("line1\nline2\r")).isEqualTo("line1\\nline2 ");
        assertThat(TextSafety.dotQuoted("say \"hi\"\\")).isEqualTo("\"say \\\"hi\\\"\\\\ \"");
    }

    @Test
    void shortenCountsCodePointsAndNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00".repeat(30);
        String s = TextSafety.shorten(emoji, 10);
        assertThat(s.codePointCount(0, s.length())).isEqualTo(10);
        assertThat(s).endsWith("…").doesNotContain("\uFFFD");
        assertThat(Character.isHighSurrogate(s.charAt(s.length() - 2))).isFalse();
        assertThat(TextSafety.shorten("short", 10)).isEqualTo("short");
    }
}
