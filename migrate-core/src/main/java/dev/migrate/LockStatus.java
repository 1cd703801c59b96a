package dev.migrate;

/**
 * The migration lock as read by {@link Migrator#lockStatus()} and, when the history holds a RUNNING row, by
 * {@link Migrator#status()}: whether another session or process holds it right now, and who, as far as the database
 * tells. Reading it never takes the lock, waits for it or writes anything.
 *
 * <pre>{@code
 * LockStatus lock = migrator.lockStatus();
 * if (lock.held()) {
 *     log.info("Migrations are running elsewhere: {}", lock.holder());
 * }
 * }</pre>
 *
 * @param state  whether the lock is held, free, or could not be read (a SQLite file that another process's migration keeps
 *               from readers, a failed query)
 * @param holder who holds it: on PostgreSQL the backend pid, user, client address and {@code application_name}; on MySQL and
 *               MariaDB the connection id, user and host ({@code IS_USED_LOCK}); on H2 and SQLite the lock row's owner
 *               ({@code pid 4182 on host web-2}) and when its lease ends. For a free H2 or SQLite lock, the owner whose lease
 *               ran out, if one did. Null where nothing is known.
 */
public record LockStatus(State state, String holder) {

    /** Whether the lock is held right now. */
    public enum State {
        HELD, FREE, UNKNOWN
    }

    public LockStatus {
        if (state == null) {
            throw new IllegalArgumentException("A lock state is required");
        }
    }

    public static LockStatus held(String holder) {
        return new LockStatus(State.HELD, holder);
    }

    /** @param lastHolder the owner of a lease that ran out, or null */
    public static LockStatus free(String lastHolder) {
        return new LockStatus(State.FREE, lastHolder);
    }

    public static LockStatus unknown() {
        return new LockStatus(State.UNKNOWN, null);
    }

    /** Whether another session or process holds the lock now. */
    public boolean held() {
        return state == State.HELD;
    }

    /** One line for logs and health details: {@code held by pid 4182 on host web-2, lease expires in 8s}, {@code free}. */
    public String describe() {
        return switch (state) {
            case HELD -> "held by " + (holder != null ? holder : "another session (not named by the database)");
            case FREE -> "free" + (holder != null ? " (last held by " + holder + ")" : "");
            case UNKNOWN -> "could not be read";
        };
    }
}
