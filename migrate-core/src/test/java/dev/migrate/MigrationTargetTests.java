package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationTargetTests {

    @Test
    void readsTheNamedTargetsInAnyCaseAndNothingAsLatest() {
        assertThat(MigrationTarget.parse(null)).isInstanceOf(MigrationTarget.Latest.class);
        assertThat(MigrationTarget.parse("  ")).isInstanceOf(MigrationTarget.Latest.class);
        assertThat(MigrationTarget.parse("LATEST")).isInstanceOf(MigrationTarget.Latest.class);
        assertThat(MigrationTarget.parse(" Current ")).isInstanceOf(MigrationTarget.Current.class);
        assertThat(MigrationTarget.parse("next")).isInstanceOf(MigrationTarget.Next.class);
    }

    @Test
    void readsAVersionAndAVersionThatMayBeMissing() {
        assertThat(MigrationTarget.parse("007_1")).isEqualTo(new MigrationTarget.UpTo(MigrationVersion.parse("7.1"), false));
        assertThat(MigrationTarget.parse("7.1?")).isEqualTo(new MigrationTarget.UpTo(MigrationVersion.parse("7.1"), true));
        assertThat(MigrationTarget.parse("007_1?")).hasToString("7.1?");
        assertThat(MigrationTarget.parse("next")).hasToString("next");
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        for (String bad : new String[] {"v2", "7??", "?", "1.x?", "newest"}) {
            assertThatThrownBy(() -> MigrationTarget.parse(bad)).as(bad).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid target '" + bad + "': ")
                    .hasMessageContaining("or give latest (every pending migration), current, next");
        }
    }
}
