/**
 * JDBC implementations of the metadata ports on SQLite (embedded default) and PostgreSQL
 * (scale-out), sharing one schema (Flyway migrations per dialect) and one set of queries;
 * {@link io.capstan.store.sql.SqlDialect} holds what differs. Search filters become SQL through
 * {@link io.capstan.store.sql.SearchSql}, values always bound, never spliced.
 *
 * <p>Why a group-commit writer for SQLite: SQLite allows one writer. Instead of many connections
 * fighting over the lock (MLflow's "database is locked"), one thread runs every queued write in a
 * single transaction, each in its own savepoint so one caller's failure never affects another's,
 * and acknowledges all after one commit. Under load that turns N fsyncs into one.
 */
package io.capstan.store.sql;
