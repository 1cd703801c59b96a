package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTests {

    @Test
    void urlsLoseTheirPasswords() {
        assertThat(Redactor.url("jdbc:postgresql://h/db?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
        assertThat(Redactor.url("jdbc:h2:file:./db;USER=sa;PASSWORD=x y")).isEqualTo("jdbc:h2:file:./db;USER=sa;PASSWORD=***");
        assertThat(Redactor.url("jdbc:mysql://app:s3cret@db:3306/app")).isEqualTo("jdbc:mysql://app:***@db:3306/app");
        assertThat(Redactor.url("jdbc:sqlite:app.db")).isEqualTo("jdbc:sqlite:app.db");
    }

    @Test
    void knownSecretsAreBlankedAnywhere() {
        Redactor r = new Redactor(List.of("hunter22", "ab"));
        assertThat(r.redact("FATAL: password authentication failed (hunter22)")).isEqualTo("FATAL: password authentication failed (***)");
        assertThat(r.redact("a table named ab")).as("too short to blank safely").isEqualTo("a table named ab");
    }
}
