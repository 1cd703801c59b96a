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
}
