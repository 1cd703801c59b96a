package dev.migrate.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * Liquibase through the same API Spring Boot's {@code SpringLiquibase} uses ({@code new Liquibase(...)},
 * {@code update(contexts, labels)}), with the generated formatted-SQL changelog. Analytics must be
 * off ({@code -Dliquibase.analytics.enabled=false}, set by the launcher for every tool), or it
 * fetches its configuration over the network.
 */
final class LiquibaseRunner implements Runner {

    static final String CHANGELOG = "changelog.sql";

    private final Target target;
    private final Path dir;

    LiquibaseRunner(Target target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    @Override
    public int run(Scenario scenario) throws Exception {
        Connection connection = Databases.connect(target);
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        Counter counter = new Counter();
        try (Liquibase liquibase = new Liquibase(CHANGELOG, new DirectoryResourceAccessor(dir), database)) {
            liquibase.setChangeExecListener(counter);
            return switch (scenario) {
                case APPLY, NOOP -> {
                    liquibase.update(new Contexts(), new LabelExpression());
                    yield counter.ran;
                }
                case VALIDATE -> {
                    liquibase.validate(); // throws on any problem
                    yield 0;
                }
                case STATUS -> liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()).size();
                case ROLLBACK -> {
                    liquibase.rollback(Scenario.ROLLBACK_COUNT, (String) null);
                    yield counter.rolledBack;
                }
            };
        }
    }

    /** Counts the change sets Liquibase ran or rolled back, as it reports them. */
    private static final class Counter extends AbstractChangeExecListener {
        int ran;
        int rolledBack;

        @Override
        public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ChangeSet.ExecType execType) {
            if (execType == ChangeSet.ExecType.EXECUTED) {
                ran++;
            }
        }

        @Override
        public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
            rolledBack++;
        }
    }
}
