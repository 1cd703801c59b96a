package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
    void aUrlPasswordEndsAtTheLineEnd() {
        assertThat(Redactor.url("url jdbc:postgresql://h/db?password=s3cret\nnext line"))
                .isEqualTo("url jdbc:postgresql://h/db?password=***\nnext line");
        assertThat(Redactor.url("at //host:1\nsee x@y")).as("not a user:password@ across lines").isEqualTo("at //host:1\nsee x@y");
    }

    @Test
    void aUrlQuotedInAMessageKeepsTheRestOfTheMessage() {
        Redactor none = new Redactor(List.of());
        assertThat(none.redact("Cannot tell the database from jdbc:x://h/db?password=s3cret&a=b, pass --dialect"))
                .isEqualTo("Cannot tell the database from jdbc:x://h/db?password=***&a=b, pass --dialect");
        assertThat(none.redact("URL jdbc:h2:file:./db;PASSWORD=s3cret is wrong: fix it")).isEqualTo("URL jdbc:h2:file:./db;PASSWORD=*** is wrong: fix it");
        assertThat(none.redact("at jdbc:mysql://app:s3cret@db/app failed")).isEqualTo("at jdbc:mysql://app:***@db/app failed");
    }

    @Test
    void aUrlPasswordWithASpaceIsBlankedWholeInText() {
        String url = "jdbc:h2:file:./db;USER=sa;PASSWORD=two words";
        assertThat(Redactor.passwordsIn(url)).containsExactly("two words");
        assertThat(Redactor.passwordsIn("jdbc:mysql://app:s3cret@db:3306/app?password=other")).containsExactlyInAnyOrder("s3cret", "other");
        assertThat(new Redactor(Redactor.passwordsIn(url)).redact("Could not open " + url + ": wrong user name or password"))
                .isEqualTo("Could not open jdbc:h2:file:./db;USER=sa;PASSWORD=***: wrong user name or password");
    }

    @Test
    void knownSecretsAreBlankedAnywhere() {
        Redactor r = new Redactor(List.of("hunter22"));
        assertThat(r.redact("FATAL: password authentication failed (hunter22)")).isEqualTo("FATAL: password authentication failed (***)");
    }

    @Test
    void aShortPasswordIsBlankedToo() {
        assertThat(new Redactor(List.of("ab")).redact("wrong password ab")).isEqualTo("wrong password ***");
        assertThat(new Redactor(List.of("ab")).redact("table ab")).as("even inside words: garbled, never leaked").isEqualTo("t***le ***");
        assertThat(new Redactor(List.of("x")).redact("wrong password x")).isEqualTo("wrong password ***");
    }

    @Test
    void aPasswordContainingAnotherIsBlankedWhole() {
        Redactor r = new Redactor(List.of("abc", "abcdef"));
        assertThat(r.redact("tried abcdef, then abc")).isEqualTo("tried ***, then ***");
    }

    @Test
    void emptyAndMissingPasswordsChangeNothing() {
        assertThat(new Redactor(Arrays.asList("", null)).redact("nothing secret here")).isEqualTo("nothing secret here");
    }
}
