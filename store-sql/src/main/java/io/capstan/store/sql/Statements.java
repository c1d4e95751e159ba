package io.capstan.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Short forms of the JDBC calls every SQL store makes. */
final class Statements {
    private Statements() {
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    static int update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            return statement.executeUpdate();
        }
    }

    static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        return query(connection, sql, mapper, List.of(args));
    }

    static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, List<?> args)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args.toArray());
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    static <T> Optional<T> queryOne(Connection connection, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        List<T> rows = query(connection, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            switch (arg) {
                case null -> statement.setNull(i + 1, Types.NULL);
                case String s -> statement.setString(i + 1, s);
                case Long l -> statement.setLong(i + 1, l);
                case Integer n -> statement.setLong(i + 1, n);
                case Double d -> statement.setDouble(i + 1, d);
                case Boolean b -> statement.setInt(i + 1, b ? 1 : 0);
                case byte[] bytes -> statement.setBytes(i + 1, bytes);
                default -> throw new IllegalArgumentException("Unsupported bind type " + arg.getClass());
            }
        }
    }

    /** Rows per multi-row INSERT: well under SQLite's 32,766 bound variables. */
    private static final int ROWS_PER_INSERT = 100;

    /**
     * Inserts rows with multi-row {@code VALUES} statements: one statement per hundred rows
     * instead of one execution per row, which is what makes a 100-metric batch cheap on the
     * single SQLite writer.
     *
     * @param insertInto {@code INSERT INTO t (a, b, c)}
     * @param suffix what follows the values, e.g. an {@code ON CONFLICT} clause; may be empty
     */
    static void insertRows(Connection connection, String insertInto, String suffix, List<Object[]> rows)
            throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            String row = "(" + placeholders(chunk.getFirst().length) + ")";
            String sql = insertInto + " VALUES " + String.join(", ", java.util.Collections.nCopies(chunk.size(), row))
                    + (suffix.isEmpty() ? "" : " " + suffix);
            List<Object> args = new ArrayList<>(chunk.size() * chunk.getFirst().length);
            for (Object[] values : chunk) {
                args.addAll(java.util.Arrays.asList(values));
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, args.toArray());
                statement.executeUpdate();
            }
        }
    }

    /** {@code ?, ?, ?} with {@code n} placeholders. */
    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** A nullable long column. */
    static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
