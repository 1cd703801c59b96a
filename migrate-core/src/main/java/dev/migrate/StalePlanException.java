package dev.migrate;

/** The database changed between a plan and the run that confirmed it; make a new plan. */
public class StalePlanException extends MigrateException {

    private static final long serialVersionUID = 1L;

    public StalePlanException(String expected, String actual) {
        super("The database changed since the plan was made (plan " + expected + ", now " + actual
                + "): make a new plan, review it and confirm that one");
    }
}
