package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationVersionTests {

    private static MigrationVersion v(String text) {
        return MigrationVersion.parse(text);
    }

    @Test
    void comparesPartsNumerically() {
        assertThat(v("1.10")).isGreaterThan(v("1.9"));
        assertThat(v("2")).isGreaterThan(v("1.999"));
        assertThat(v("20240126100000")).isGreaterThan(v("20240126099999"));
        assertThat(v("2024.03.20.01")).isLessThan(v("2024.3.20.2"));
        assertThat(v("123456789012345678901234567890")).isGreaterThan(v("99999999999999999999999999999"));
    }

    @Test
    void leadingZerosUnderscoresAndTrailingZeroPartsDoNotMatter() {
        assertThat(v("001")).isEqualTo(v("1")).hasSameHashCodeAs(v("1"));
        assertThat(v("1_2")).isEqualTo(v("1.2"));
        assertThat(v("1.0")).isEqualTo(v("1"));
        assertThat(v("001_02").toString()).isEqualTo("1.2");
        assertThat(v("0").toString()).isEqualTo("0");
        assertThat(v("20260215.02").toString()).isEqualTo("20260215.2");
    }

    @Test
    void sortsAMixedList() {
        List<String> sorted = Stream.of("1.10", "1.2", "010", "1.9", "2", "1").map(MigrationVersion::parse).sorted()
                .map(MigrationVersion::toString).toList();
        assertThat(sorted).containsExactly("1", "1.2", "1.9", "1.10", "2", "10");
    }

    @Test
    void rejectsWhatIsNotAVersionWithTheText() {
        assertThatThrownBy(() -> v("1.a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.a' is not a migration version");
        assertThatThrownBy(() -> v("1..2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> v("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> v("-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
