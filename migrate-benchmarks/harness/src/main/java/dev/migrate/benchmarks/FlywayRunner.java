package dev.migrate.benchmarks;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;

/** Flyway Community through its Java API, with the V files of the generated directory. */
final class FlywayRunner implements Runner {

    private final Target target;
    private final Path dir;

    FlywayRunner(Target target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    @Override
    public int run(Scenario scenario) {
        Flyway flyway = Flyway.configure()
                .dataSource(target.url(), target.user(), target.password())
                .locations("filesystem:" + dir)
                .load();
        return switch (scenario) {
            case APPLY, NOOP -> flyway.migrate().migrationsExecuted;
            case VALIDATE -> {
                ValidateResult result = flyway.validateWithResult();
                yield result.validationSuccessful ? 0 : Math.max(1, result.invalidMigrations.size());
            }
            case STATUS -> flyway.info().pending().length;
            case ROLLBACK -> throw new UnsupportedOperationException("Flyway Community has no undo (a Teams feature)");
        };
    }
}
