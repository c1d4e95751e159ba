package io.capstan.store.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on one connection, inside a transaction for writes. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
