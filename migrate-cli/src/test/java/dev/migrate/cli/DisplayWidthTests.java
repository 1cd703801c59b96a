package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayWidthTests {

    @Test
    void latinTextTakesAColumnACharacter() {
        assertThat(DisplayWidth.of("create books")).isEqualTo(12);
        assertThat(DisplayWidth.of("")).isZero();
        assertThat(DisplayWidth.of("Ελληνικά кириллица")).as("ambiguous width counts one, as in a Western locale").isEqualTo(18);
    }

    @Test
    void combiningMarksTakeNone() {
        assertThat(DisplayWidth.of("cafe\u0301")).as("decomposed é").isEqualTo(4);
        assertThat(DisplayWidth.of("café")).as("composed é").isEqualTo(4);
        assertThat(DisplayWidth.of("a\u20DD")).as("enclosing circle").isEqualTo(1);
        assertThat(DisplayWidth.of("\u0915\u0903")).as("a spacing mark (Devanagari visarga) advances the cursor").isEqualTo(2);
        assertThat(DisplayWidth.of("a\u200Bb\u200Dc")).as("zero-width space and joiner").isEqualTo(3);
        assertThat(DisplayWidth.of("\u1100\u1161\u11A8")).as("a Hangul syllable of conjoining Jamo").isEqualTo(2);
    }

    @Test
    void eastAsianWideAndFullwidthTakeTwo() {
        assertThat(DisplayWidth.of("添加索引到书表")).isEqualTo(14);
        assertThat(DisplayWidth.of("한국어")).isEqualTo(6);
        assertThat(DisplayWidth.of("ひらがなカタカナ")).isEqualTo(16);
        assertThat(DisplayWidth.of("ｶﾀｶﾅ")).as("halfwidth katakana").isEqualTo(4);
        assertThat(DisplayWidth.of("ＡＢ１")).as("fullwidth forms").isEqualTo(6);
        assertThat(DisplayWidth.of("、。「」\u3000")).as("CJK punctuation and the ideographic space").isEqualTo(10);
        assertThat(DisplayWidth.of("か\u3099")).as("a kana with a combining voiced mark").isEqualTo(2);
    }

    @Test
    void countsCodePointsNotChars() {
        assertThat(DisplayWidth.of("\uD840\uDC00")).as("U+20000, CJK Extension B, a surrogate pair").isEqualTo(2);
        assertThat(DisplayWidth.of("\uD83D\uDE00")).as("U+1F600, an emoji").isEqualTo(2);
        assertThat(DisplayWidth.of("\u2705 done")).as("U+2705, an emoji in the BMP").isEqualTo(7);
        assertThat(DisplayWidth.of("\uD835\uDC00")).as("U+1D400, a narrow letter outside the BMP").isEqualTo(1);
    }
}
