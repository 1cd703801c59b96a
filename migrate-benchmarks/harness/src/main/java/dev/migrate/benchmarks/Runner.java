package dev.migrate.benchmarks;

/**
 * Runs one scenario with one tool. Each call builds the tool afresh (configuration, connection) as
 * an application start would, so the time of {@code run} is the in-process time of the scenario.
 */
public interface Runner {

    /**
     * @return the scenario's count: migrations applied ({@code apply}, {@code noop}), problems found
     *         ({@code validate}), pending migrations ({@code status}) or migrations rolled back
     *         ({@code rollback})
     */
    int run(Scenario scenario) throws Exception;
}
