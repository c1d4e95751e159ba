package io.capstan.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import org.flywaydb.core.Flyway;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The metadata database: connections, migrations and transactions for one of the supported
 * {@link SqlDialect}s.
 *
 * <p>Reads run on pooled connections. Writes run in a transaction: on PostgreSQL each on its own
 * pooled connection; on SQLite all go through one {@link GroupCommitWriter}, which commits many
 * callers' writes together, so concurrent writers never see "database is locked". Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final SqlDialect dialect;
    private final HikariDataSource readPool;
    private final GroupCommitWriter sqliteWriter;

    private Database(SqlDialect dialect, HikariDataSource readPool, GroupCommitWriter sqliteWriter) {
        this.dialect = dialect;
        this.readPool = readPool;
        this.sqliteWriter = sqliteWriter;
    }

    /**
     * Opens (creating and migrating if needed) the database a backend-store URI names:
     * {@code sqlite:///abs/path.db}, {@code sqlite:relative.db}, or
     * {@code postgresql://user:password@host:port/db}.
     *
     * @param options pool sizes and durability settings
     * @throws CapstanException INVALID_PARAMETER_VALUE for an unsupported URI
     */
    public static Database open(String backendStoreUri, DatabaseOptions options) {
        Objects.requireNonNull(backendStoreUri, "backendStoreUri is null");
        Objects.requireNonNull(options, "options is null");
        String scheme = backendStoreUri.contains(":") ? backendStoreUri.substring(0, backendStoreUri.indexOf(':')) : "";
        return switch (scheme) {
            case "sqlite" -> openSqlite(sqlitePath(backendStoreUri), options);
            case "postgresql", "postgres" -> openPostgres(backendStoreUri, options);
            default -> throw CapstanException.invalid(
                    "Unsupported backend store URI '%s': use sqlite:///path/to/file.db or postgresql://user:pass@host:port/db",
                    redact(backendStoreUri));
        };
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = readPool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    /**
     * Runs {@code work} in a transaction and returns once it is durably committed. A
     * {@link CapstanException} thrown by {@code work} rolls back its changes and is rethrown.
     */
    public <T> T write(SqlWork<T> work) {
        if (sqliteWriter != null) {
            return sqliteWriter.submit(work);
        }
        try (Connection connection = readPool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    @Override
    public void close() {
        if (sqliteWriter != null) {
            sqliteWriter.close();
        }
        readPool.close();
    }

    /** Wraps an unexpected database failure; the message never carries connection secrets. */
    static CapstanException storageFailure(SQLException e) {
        return new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Metadata store failure: " + e.getMessage());
    }

    static String sqlitePath(String uri) {
        String rest = uri.substring("sqlite:".length());
        // sqlite:////abs/path (MLflow's four slashes), sqlite:///rel or /abs, sqlite:rel
        if (rest.startsWith("///")) {
            rest = rest.substring(2);
        } else if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        if (rest.isEmpty() || rest.equals(":memory:")) {
            throw CapstanException.invalid("An in-memory SQLite store would lose every write; give a file path");
        }
        return rest;
    }

    private static Database openSqlite(String file, DatabaseOptions options) {
        Path path = Path.of(file).toAbsolutePath();
        try {
            Files.createDirectories(path.getParent());
        } catch (java.io.IOException e) {
            throw CapstanException.invalid("Cannot create the folder for the SQLite store '%s': %s", path, e.getMessage());
        }
        String url = "jdbc:sqlite:" + path;
        SqliteConnections connections = new SqliteConnections(url, options);
        migrate(connections.dataSource(), SqlDialect.SQLITE);
        HikariConfig config = new HikariConfig();
        config.setPoolName("capstan-sqlite-read");
        config.setDataSource(connections.dataSource());
        config.setMaximumPoolSize(options.readPoolSize());
        config.setMinimumIdle(1);
        HikariDataSource pool = new HikariDataSource(config);
        return new Database(SqlDialect.SQLITE, pool, new GroupCommitWriter(connections, options.maxGroupSize()));
    }

    private static Database openPostgres(String uri, DatabaseOptions options) {
        URI parsed = URI.create(uri.replaceFirst("^postgres(ql)?(\\+\\w+)?://", "postgresql://"));
        HikariConfig config = new HikariConfig();
        config.setPoolName("capstan-postgres");
        int port = parsed.getPort() > 0 ? parsed.getPort() : 5432;
        String query = parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery();
        config.setJdbcUrl("jdbc:postgresql://" + parsed.getHost() + ":" + port + parsed.getRawPath() + query);
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            config.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                config.setPassword(decode(userInfo.substring(colon + 1)));
            }
        }
        config.setMaximumPoolSize(options.postgresPoolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool, SqlDialect.POSTGRESQL);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(SqlDialect.POSTGRESQL, pool, null);
    }

    private static void migrate(javax.sql.DataSource dataSource, SqlDialect dialect) {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .table("capstan_schema_history")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The URI with any password replaced, safe for messages and logs. */
    public static String redact(String uri) {
        return uri.replaceAll("(//[^:/@]+:)[^@]*@", "$1***@");
    }
}
