package dev.migrate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** What the first column of a {@code -- migrate:skip-if} query's first row must be to skip: true, or a number other than 0. */
class SkipIfResultTests {

    @Test
    void trueAndNonZeroNumbersSkip() {
        assertThat(Engine.skips(Boolean.TRUE)).isTrue();
        assertThat(Engine.skips(1L)).isTrue();
        assertThat(Engine.skips(-3)).isTrue();
        assertThat(Engine.skips(new BigDecimal("0.001"))).isTrue();
        assertThat(Engine.skips(BigInteger.TEN)).isTrue();
    }

    @Test
    void falseZeroNoRowAndAnythingElseRun() {
        assertThat(Engine.skips(Boolean.FALSE)).isFalse();
        assertThat(Engine.skips(0L)).isFalse();
        assertThat(Engine.skips(new BigDecimal("0.00"))).isFalse();
        assertThat(Engine.skips(0.0d)).isFalse();
        assertThat(Engine.skips(null)).as("no row, or NULL").isFalse();
        assertThat(Engine.skips("true")).as("text is not read").isFalse();
    }
}
