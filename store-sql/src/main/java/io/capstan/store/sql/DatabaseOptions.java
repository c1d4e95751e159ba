package io.capstan.store.sql;

/**
 * Tuning for {@link Database}. Defaults suit a 2-core machine.
 *
 * @param readPoolSize pooled read connections (SQLite) — reads run in parallel in WAL mode
 * @param postgresPoolSize pooled connections per server replica on PostgreSQL
 * @param maxGroupSize how many queued SQLite writes commit together at most
 * @param sqliteSynchronous {@code FULL} survives power loss; {@code NORMAL} survives a process
 *                          crash ({@code kill -9}) but not an OS crash
 */
public record DatabaseOptions(int readPoolSize, int postgresPoolSize, int maxGroupSize, String sqliteSynchronous) {
    public DatabaseOptions {
        if (readPoolSize < 1 || postgresPoolSize < 1 || maxGroupSize < 1) {
            throw new IllegalArgumentException("pool and group sizes must be positive");
        }
        if (!sqliteSynchronous.equals("FULL") && !sqliteSynchronous.equals("NORMAL")) {
            throw new IllegalArgumentException("sqliteSynchronous must be FULL or NORMAL");
        }
    }

    public static DatabaseOptions defaults() {
        return new DatabaseOptions(4, 10, 256, "FULL");
    }
}
