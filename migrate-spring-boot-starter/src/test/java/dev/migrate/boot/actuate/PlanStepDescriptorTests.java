package dev.migrate.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Direction;
import dev.migrate.MigrationType;
import dev.migrate.PlanStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint's plan step carries the generated down of a DSL migration next to its SQL. */
class PlanStepDescriptorTests {

    @Test
    void aDslStepCarriesItsGeneratedDown() {
        PlanStep step = new PlanStep(Direction.UP, "5", "create teams", MigrationType.DSL, "db.migration.V5__CreateTeams", true,
                List.of(new PlanStep.PlannedStatement("CREATE TABLE teams (id BIGINT)", 0)), List.of(),
                List.of(new PlanStep.PlannedStatement("DROP TABLE teams", 0)));

        MigrationsDescriptors.Step descriptor = MigrationsDescriptors.Step.of(step, s -> s);

        assertThat(descriptor.statements()).containsExactly(new MigrationsDescriptors.Statement("CREATE TABLE teams (id BIGINT)", null));
        assertThat(descriptor.down()).containsExactly(new MigrationsDescriptors.Statement("DROP TABLE teams", null));
        assertThat(descriptor.type()).isEqualTo("DSL");
    }

    @Test
    void otherStepsHaveAnEmptyDown() {
        PlanStep step = new PlanStep(Direction.UP, "1", "create books", MigrationType.SQL, "V1__create_books.sql", true,
                List.of(new PlanStep.PlannedStatement("CREATE TABLE books (id INT)", 1)), List.of());

        assertThat(MigrationsDescriptors.Step.of(step, s -> s).down()).isEmpty();
        assertThat(MigrationsDescriptors.Step.of(step, s -> s).statements()).containsExactly(
                new MigrationsDescriptors.Statement("CREATE TABLE books (id INT)", 1));
    }
}
