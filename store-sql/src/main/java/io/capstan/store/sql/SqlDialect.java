package io.capstan.store.sql;

/**
 * The SQL engines Capstan stores metadata in. The schema and queries are shared; this enum holds
 * only what differs.
 */
public enum SqlDialect {
    /** Embedded default: one file, WAL mode, one writer at a time. */
    SQLITE,
    /** Scale-out: many server replicas on one database. */
    POSTGRESQL;

    /** Folder of this dialect's Flyway migrations on the classpath. */
    String migrationLocation() {
        return switch (this) {
            case SQLITE -> "classpath:db/migration/sqlite";
            case POSTGRESQL -> "classpath:db/migration/postgresql";
        };
    }

    /**
     * A case-sensitive LIKE over {@code column}. SQLite's LIKE ignores ASCII case, so there the
     * pattern is translated to GLOB by {@link #likePattern}.
     */
    String caseSensitiveLike(String column) {
        return switch (this) {
            case SQLITE -> column + " GLOB ?";
            case POSTGRESQL -> column + " LIKE ? ESCAPE ''";
        };
    }

    /** A case-insensitive LIKE over {@code column}. */
    String caseInsensitiveLike(String column) {
        return switch (this) {
            case SQLITE -> "LOWER(" + column + ") LIKE LOWER(?)";
            case POSTGRESQL -> column + " ILIKE ? ESCAPE ''";
        };
    }

    /** The bound value for {@link #caseSensitiveLike}: a GLOB pattern on SQLite, the LIKE pattern as-is elsewhere. */
    String likePattern(String sqlLikePattern) {
        return switch (this) {
            case SQLITE -> likeToGlob(sqlLikePattern);
            case POSTGRESQL -> sqlLikePattern;
        };
    }

    /** Row lock for read-modify-write sequences (SQLite has a single writer anyway). */
    String forUpdate() {
        return switch (this) {
            case SQLITE -> "";
            case POSTGRESQL -> " FOR UPDATE";
        };
    }

    private static String likeToGlob(String like) {
        StringBuilder glob = new StringBuilder(like.length() + 8);
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            switch (c) {
                case '%' -> glob.append('*');
                case '_' -> glob.append('?');
                case '*' -> glob.append("[*]");
                case '?' -> glob.append("[?]");
                case '[' -> glob.append("[[]");
                default -> glob.append(c);
            }
        }
        return glob.toString();
    }
}
