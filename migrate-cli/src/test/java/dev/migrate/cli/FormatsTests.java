package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTests {

    @Test
    void durationsAreShownAsTheOptionTakesThem() {
        assertThat(Formats.setting(java.time.Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(Formats.setting(java.time.Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Formats.setting(java.time.Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Formats.setting(java.time.Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Formats.millis(12)).isEqualTo("12 ms");
        assertThat(Formats.millis(125_000)).isEqualTo("2m 05s");
    }

    /** A cut text takes at most the columns asked for on a terminal, ellipsis included: a CJK character takes two. */
    @Test
    void truncateCutsToColumnsWithAnEllipsis() {
        assertThat(Formats.truncate("create  books\n", 20)).isEqualTo("create books");
        assertThat(Formats.truncate("a".repeat(61), 60)).isEqualTo("a".repeat(57) + "...");
        assertThat(Formats.truncate("a".repeat(60), 60)).isEqualTo("a".repeat(60));
        assertThat(Formats.truncate("表".repeat(40), 60)).isEqualTo("表".repeat(28) + "...");
        assertThat(DisplayWidth.of(Formats.truncate("表".repeat(40), 60))).isLessThanOrEqualTo(60);
    }
}
