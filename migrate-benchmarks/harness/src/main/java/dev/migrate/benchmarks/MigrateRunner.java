package dev.migrate.benchmarks;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.RollbackRequest;
import dev.migrate.ValidationResult;
import dev.migrate.internal.DriverDataSource;
import java.nio.file.Path;

/** Migrate through its Java API, with the V and U files of the generated directory. */
final class MigrateRunner implements Runner {

    private final Target target;
    private final Path dir;

    MigrateRunner(Target target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    @Override
    public int run(Scenario scenario) {
        Migrator migrator = Migrator.create(new DriverDataSource(target.url(), target.user(), target.password()),
                MigratorConfig.builder().locations("filesystem:" + dir).build());
        return switch (scenario) {
            case APPLY, NOOP -> {
                MigrateResult result = migrator.migrate();
                yield result.nothingToDo() ? 0 : result.applied().size();
            }
            case VALIDATE -> {
                ValidationResult result = migrator.validate();
                yield result.errors().size();
            }
            case STATUS -> migrator.status().pending().size();
            case ROLLBACK -> migrator.rollback(RollbackRequest.steps(Scenario.ROLLBACK_COUNT)).rolledBack().size();
        };
    }
}
