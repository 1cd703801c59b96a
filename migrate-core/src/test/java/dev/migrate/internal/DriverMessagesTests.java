package dev.migrate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriverMessagesTests {

    @Test
    void keepsAShortMessageAsItIs() {
        String message = "Table \"NOSUCH\" not found;\nSQL statement:\nSELECT * FROM nosuch [42102-240]";
        assertThat(DriverMessages.bounded(message)).isSameAs(message);
        assertThat(DriverMessages.bounded(null)).isNull();
    }

    /** H2's syntax error quotes the statement twice, once with [*] where its parser stopped: that place stays. */
    @Test
    void cutsH2sQuotedStatementButKeepsItsStartItsEndAndWhereTheParserStopped() {
        StringBuilder values = new StringBuilder("INSERT INTO t VALUES ");
        for (int i = 0; i < 100_000; i++) {
            values.append('(').append(i).append("),");
        }
        String sql = values + "(;";
        String stopped = values + "([*];";
        String message = "Syntax error in SQL statement \"" + stopped + "\"; expected \"), DEFAULT, NOT\"; SQL statement:\n"
                + sql + " [42001-240]";
        String bounded = DriverMessages.bounded(message);
        assertThat(bounded).hasSizeLessThan(DriverMessages.MAX + 100)
                .startsWith("Syntax error in SQL statement \"INSERT INTO t VALUES (0),(1),(2),")
                .contains("(99998),(99999),([*];\"; expected \"), DEFAULT, NOT\"; SQL statement:\nINSERT INTO t VALUES (0),(1),")
                .endsWith("(99999),(; [42001-240]")
                .containsPattern(" \\.\\.\\.\\(\\d+ characters left out\\)\\.\\.\\. ");
    }

    /** A message of many long lines stays bounded as a whole; a cut never splits a character outside the BMP. */
    @Test
    void boundsAMessageOfManyLongLines() {
        String line = "\uD83D\uDE00".repeat(1_000);
        String bounded = DriverMessages.bounded((line + "\n").repeat(50) + "end");
        assertThat(bounded).hasSizeLessThan(DriverMessages.MAX + 100).endsWith("\nend");
        for (int i = 0; i < bounded.length(); i++) {
            char c = bounded.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(Character.isLowSurrogate(bounded.charAt(i + 1))).as("pair at %d", i).isTrue();
            } else if (Character.isLowSurrogate(c)) {
                assertThat(Character.isHighSurrogate(bounded.charAt(i - 1))).as("pair at %d", i).isTrue();
            }
        }
    }
}
