package io.capstan.store.duckdb;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.ColumnScans;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.validation.Answers;
import io.capstan.monitoring.validation.ColumnScan;
import io.capstan.monitoring.validation.Condition;
import io.capstan.monitoring.validation.Measure;
import io.capstan.monitoring.validation.PandasStatistics;
import io.capstan.monitoring.validation.ScanColumn;
import io.capstan.monitoring.validation.TableScan;
import io.capstan.monitoring.validation.UnexpectedValues;
import io.capstan.store.duckdb.DuckDbFile.Column;
import io.capstan.store.duckdb.DuckDbFile.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;

/**
 * {@link ColumnScans} over CSV and Parquet files with an in-process DuckDB: the suite's counts and
 * extremes become aggregates of one SQL pass over the file, and the few follow-up queries that need
 * those answers (the first unexpected values in row order, duplicates) stop as early as they can;
 * regular expressions run as {@code GLOB} ({@link GlobTranslation}) or RE2 ({@link Re2Translation})
 * where those read them as {@code java.util.regex} does. What SQL cannot answer exactly as the
 * in-memory {@link TableScan} does — pandas' floating-point sums (mean, sum, standard deviation, which
 * depend on NumPy's summation order) and the other regular expressions — reads only the columns
 * concerned into Java, each on its own connection while the SQL pass runs, and measures them there; so
 * does the median, whose two order statistics a selection in Java finds faster than DuckDB's
 * {@code quantile_disc}. The table is typed exactly as {@link DuckDbTables} reads it. Thread-safe; each
 * scan has its own connections.
 */
public final class DuckDbColumnScans implements ColumnScans {
    private final int threads;

    /**
     * @param threads DuckDB worker threads per scan (at least 1)
     */
    public DuckDbColumnScans(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
    }

    @Override
    public ColumnScan open(String location) {
        DuckDbFile file = DuckDbFile.open(location, threads);
        try {
            return new Scan(file, location, threads);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Values listed in row order are read on one thread, where DuckDB's order is the file's. */
    private static final int ORDERED = 1;
    /** Integer columns whose range spans at most this many values are checked for repeats with a bitmap. */
    private static final long BITMAP_LIMIT = 1L << 31;
    /** Beyond this magnitude two integers can read as the same float64, as pandas compares them here. */
    private static final double EXACT_INTEGERS = 9007199254740992.0;

    private static final class Scan implements ColumnScan {
        private final DuckDbFile file;
        private final String location;
        private final int threads;
        private final List<ScanColumn> columns;
        private final Map<String, Column> byName = new LinkedHashMap<>();
        private final Map<String, Boolean> integer = new HashMap<>();

        Scan(DuckDbFile file, String location, int threads) {
            this.file = file;
            this.location = location;
            this.threads = threads;
            for (Column column : file.columns()) {
                byName.put(column.name(), column);
            }
            try {
                integerColumns();
            } catch (SQLException e) {
                throw unreadable(e);
            }
            this.columns = file.columns().stream().map(this::scanColumn).toList();
        }

        /** pandas holds an integer column as int64 only when nothing is missing. */
        private void integerColumns() throws SQLException {
            List<Column> integers = file.columns().stream().filter(c -> c.kind() == Kind.INTEGER).toList();
            if (integers.isEmpty()) {
                return;
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < integers.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("count(").append(integers.get(i).sql()).append(')');
            }
            try (Statement statement = file.connection().createStatement();
                    ResultSet r = statement.executeQuery(sql + " FROM t")) {
                r.next();
                for (int i = 0; i < integers.size(); i++) {
                    integer.put(integers.get(i).name(), r.getLong(i + 1) == file.rowCount());
                }
            }
        }

        private ScanColumn scanColumn(Column column) {
            return switch (column.kind()) {
                case INTEGER -> new ScanColumn(column.name(), ScanColumn.Kind.NUMBER,
                        integer.get(column.name()) ? "integer" : "float");
                case FLOAT, EMPTY -> new ScanColumn(column.name(), ScanColumn.Kind.NUMBER, "float");
                case BOOLEAN -> new ScanColumn(column.name(), ScanColumn.Kind.BOOLEAN, "boolean");
                case STRING -> new ScanColumn(column.name(), ScanColumn.Kind.STRING, "string");
                case OTHER -> new ScanColumn(column.name(), ScanColumn.Kind.OTHER, column.typeName());
            };
        }

        @Override
        public List<ScanColumn> columns() {
            return columns;
        }

        @Override
        public long rowCount() {
            return file.rowCount();
        }

        @Override
        public void close() {
            file.close();
        }

        @Override
        public Answers measure(List<Measure<?>> measures) {
            try {
                return answer(measures);
            } catch (SQLException e) {
                throw unreadable(e);
            }
        }

        private CapstanException unreadable(SQLException e) {
            return new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e, String.format("Cannot read '%s' as %s: %s",
                    location, file.parquet() ? "Parquet" : "CSV", DuckDbFile.firstLine(e.getMessage())));
        }

        private Column column(Measure<?> measure) {
            Column column = byName.get(measure.column());
            if (column == null) {
                throw new IllegalArgumentException("no column '" + measure.column() + "'");
            }
            boolean numeric = switch (measure) {
                case Measure.Minimum m -> true;
                case Measure.Maximum m -> true;
                case Measure.Median m -> true;
                case Measure.Sum m -> true;
                case Measure.Mean m -> true;
                case Measure.StandardDeviation m -> true;
                case Measure.MissingCount m -> false;
                case Measure.Unexpected m -> false;
                case Measure.Duplicates m -> false;
                case Measure.DistinctCount m -> false;
                case Measure.DistinctValues m -> false;
            };
            if (numeric && !column.numeric()) {
                throw new IllegalArgumentException("column '" + column.name() + "' is not numeric");
            }
            if (column.kind() == Kind.OTHER && !(measure instanceof Measure.MissingCount)) {
                throw new IllegalArgumentException("column '" + column.name() + "' of type " + column.typeName()
                        + " has no values to measure");
            }
            return column;
        }

        private Answers answer(List<Measure<?>> measures) throws SQLException {
            Answers.Builder answers = new Answers.Builder();
            // 1. what SQL answers in one pass; what Java must answer from the columns themselves
            Aggregates pass = new Aggregates();
            List<Measure<?>> inJava = new ArrayList<>();
            Map<Column, List<Measure<?>>> fromValues = new LinkedHashMap<>();
            Map<Measure.Unexpected, String> unexpectedFilters = new LinkedHashMap<>();
            for (Measure<?> measure : measures) {
                Column column = column(measure);
                switch (measure) {
                    case Measure.MissingCount m -> pass.add(m, "count(*) - count(" + column.value() + ")");
                    case Measure.Unexpected m -> {
                        Optional<String> expected = expected(column, m.condition());
                        if (expected.isEmpty()) {
                            inJava.add(m);
                        } else {
                            String filter = column.value() + " IS NOT NULL AND NOT (" + expected.get() + ")";
                            unexpectedFilters.put(m, filter);
                            pass.add(m, "count(*) FILTER (WHERE " + filter + ")");
                        }
                    }
                    case Measure.Duplicates m -> {
                        pass.addColumnCount(column);
                        if (column.kind() == Kind.INTEGER) {
                            pass.addRange(column);
                        }
                    }
                    case Measure.DistinctCount m -> pass.add(m, "count(DISTINCT " + column.value() + ")");
                    case Measure.DistinctValues m -> answers.put(m, distinctValues(column));
                    case Measure.Minimum m -> pass.add(m, "min(" + comparable(column) + ")");
                    case Measure.Maximum m -> pass.add(m, "max(" + comparable(column) + ")");
                    case Measure.Median m -> fromValues.computeIfAbsent(column, c -> new ArrayList<>()).add(m);
                    case Measure.Sum m -> fromValues.computeIfAbsent(column, c -> new ArrayList<>()).add(m);
                    case Measure.Mean m -> fromValues.computeIfAbsent(column, c -> new ArrayList<>()).add(m);
                    case Measure.StandardDeviation m -> fromValues.computeIfAbsent(column, c -> new ArrayList<>()).add(m);
                }
            }
            // the columns Java needs are read, and their measures answered, on their own connections while
            // the SQL pass runs
            ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, Math.min(threads,
                    fromValues.size() + (inJava.isEmpty() ? 0 : 1))), runnable -> {
                        Thread thread = new Thread(runnable, "capstan-scan-read");
                        thread.setDaemon(true);
                        return thread;
                    });
            try {
                Map<Column, Future<Answers>> valueAnswers = new LinkedHashMap<>();
                fromValues.forEach((column, asked) -> valueAnswers.put(column,
                        readers.submit(() -> answerFromValues(column, asked))));
                Future<Answers> java = inJava.isEmpty() ? null : readers.submit(() -> inJava(inJava));
                Map<String, Object> aggregated = pass.run();
                answerFromPass(measures, pass, aggregated, unexpectedFilters, answers);
                for (Map.Entry<Column, Future<Answers>> column : valueAnswers.entrySet()) {
                    Answers answered = join(column.getValue());
                    for (Measure<?> measure : fromValues.get(column.getKey())) {
                        copy(measure, answered, answers);
                    }
                }
                if (java != null) {
                    Answers inJavaAnswers = join(java);
                    for (Measure<?> measure : inJava) {
                        copy(measure, inJavaAnswers, answers);
                    }
                }
            } finally {
                readers.shutdownNow();
            }
            return answers.build();
        }

        private Answers inJava(List<Measure<?>> inJava) throws SQLException {
            Set<Column> needed = new LinkedHashSet<>();
            for (Measure<?> measure : inJava) {
                needed.add(byName.get(measure.column()));
            }
            try (DuckDbFile.Duplicate duplicate = file.duplicate()) {
                Table table = DuckDbTables.ColumnReader.read(duplicate.file(), new ArrayList<>(needed), location, false);
                return new TableScan(table).measure(inJava);
            }
        }

        private static <T> T join(Future<T> future) throws SQLException {
            try {
                return future.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading", e);
            }
        }

        private void answerFromPass(List<Measure<?>> measures, Aggregates pass, Map<String, Object> aggregated,
                Map<Measure.Unexpected, String> unexpectedFilters, Answers.Builder answers) throws SQLException {
            // 2. answers that need the first pass's
            for (Measure<?> measure : measures) {
                Column column = byName.get(measure.column());
                switch (measure) {
                    case Measure.MissingCount m -> answers.put(m, (Long) aggregated.get(pass.key(m)));
                    case Measure.DistinctCount m -> answers.put(m, (Long) aggregated.get(pass.key(m)));
                    case Measure.Minimum m -> answers.put(m, (Double) aggregated.get(pass.key(m)));
                    case Measure.Maximum m -> answers.put(m, (Double) aggregated.get(pass.key(m)));
                    case Measure.Unexpected m -> {
                        if (unexpectedFilters.containsKey(m)) {
                            long count = (Long) aggregated.get(pass.key(m));
                            List<Object> first = count == 0 || m.limit() == 0 ? List.of()
                                    : firstValues(column, unexpectedFilters.get(m), m.limit());
                            answers.put(m, new UnexpectedValues(count, first));
                        }
                    }
                    case Measure.Duplicates m -> answers.put(m, duplicates(column, pass, aggregated, m.limit()));
                    case Measure.DistinctValues m -> {
                        // answered above
                    }
                    case Measure.Median m -> {
                        // below
                    }
                    case Measure.Sum m -> {
                        // below
                    }
                    case Measure.Mean m -> {
                        // below
                    }
                    case Measure.StandardDeviation m -> {
                        // below
                    }
                }
            }
        }

        /**
         * pandas' arithmetic over a column's values themselves: sums, mean and standard deviation in row
         * order, then the median, whose selection reorders the values in place (so no copy is needed).
         */
        private Answers answerFromValues(Column column, List<Measure<?>> asked) throws SQLException {
            double[] values = present(column);
            Answers.Builder answers = new Answers.Builder();
            List<Measure.Median> medians = new ArrayList<>();
            for (Measure<?> measure : asked) {
                switch (measure) {
                    case Measure.Sum m -> answers.put(m, values.length == 0 ? null
                            : nanToNull(PandasStatistics.sum(values, isInteger(column))));
                    case Measure.Mean m -> answers.put(m, values.length == 0 ? null
                            : nanToNull(PandasStatistics.mean(values, isInteger(column))));
                    case Measure.StandardDeviation m ->
                            answers.put(m, nanToNull(PandasStatistics.standardDeviation(values)));
                    case Measure.Median m -> medians.add(m);
                    default -> throw new IllegalStateException("not answered from values: " + measure);
                }
            }
            if (!medians.isEmpty()) {
                Double median = values.length == 0 ? null : nanToNull(PandasStatistics.median(values));
                for (Measure.Median m : medians) {
                    answers.put(m, median);
                }
            }
            return answers.build();
        }

        private boolean isInteger(Column column) {
            return column.kind() == Kind.INTEGER && integer.get(column.name());
        }

        private static Double nanToNull(double v) {
            return Double.isNaN(v) ? null : v;
        }

        /** The column as SQL for min and max: integers as stored, so that Parquet statistics can answer. */
        private static String comparable(Column column) {
            return column.kind() == Kind.INTEGER ? "CAST(" + column.sql() + " AS BIGINT)" : column.value();
        }

        /** The present values of a numeric column in row order, read on a connection of its own. */
        private double[] present(Column column) throws SQLException {
            double[] values = new double[Math.toIntExact(Math.max(file.rowCount(), 1))];
            int row = 0;
            // the data-chunk interface: half the CPU of the result set for one column without nulls
            try (DuckDbFile.Duplicate duplicate = file.duplicate();
                    DuckDBPreparedStatement statement = duplicate.file().connection().prepare("SELECT " + column.value()
                            + " FROM t WHERE " + column.value() + " IS NOT NULL");
                    DuckDBChunkedResult result = statement.query()) {
                while (result.nextChunk()) {
                    DuckDBDataChunkReader chunk = result.chunk();
                    DuckDBReadableVector vector = chunk.vector(0);
                    int n = Math.toIntExact(chunk.rowCount());
                    if (row + n > values.length) {
                        values = Arrays.copyOf(values, Math.max(values.length * 2, row + n));
                    }
                    for (int i = 0; i < n; i++) {
                        values[row + i] = vector.getDouble(i);
                    }
                    row += n;
                }
            }
            return row == values.length ? values : Arrays.copyOf(values, row);
        }

        private static <A> void copy(Measure<A> measure, Answers from, Answers.Builder to) {
            to.put(measure, from.get(measure));
        }

        /** The SQL of "a present value is expected", or empty when SQL cannot say it exactly as Java does. */
        private Optional<String> expected(Column column, Condition condition) throws SQLException {
            String v = column.value();
            return switch (condition) {
                case Condition.Never n -> Optional.of("false");
                case Condition.Between b -> Optional.of(column.numeric() ? between(v, b) : "false");
                case Condition.InSet s -> Optional.of(inSet(column, s.values()));
                case Condition.NotInSet s -> Optional.of("NOT (" + inSet(column, s.values()) + ")");
                case Condition.Matches m -> {
                    if (column.kind() != Kind.STRING) {
                        yield Optional.empty();
                    }
                    Optional<GlobTranslation.Glob> glob = GlobTranslation.toGlob(m.regex());
                    if (glob.isPresent()) {
                        String pattern = DuckDbFile.literal(glob.get().pattern());
                        String matches = "(" + v + " GLOB " + pattern + (glob.get().orBeforeNewline()
                                ? " OR " + v + " GLOB " + pattern + " || chr(10)" : "") + ")";
                        yield Optional.of((m.negated() ? "NOT " : "") + matches);
                    }
                    Optional<String> re2 = Re2Translation.toRe2(m.regex()).filter(this::compiles);
                    yield re2.map(r -> (m.negated() ? "NOT " : "") + "regexp_matches(" + v + ", "
                            + DuckDbFile.literal(r) + ")");
                }
                case Condition.LengthBetween l -> column.kind() == Kind.STRING
                        ? Optional.of(between("length(" + v + ")", l.bounds())) : Optional.empty();
                case Condition.LengthEquals l -> column.kind() == Kind.STRING
                        ? Optional.of("length(" + v + ") = " + l.length()) : Optional.empty();
            };
        }

        /** Whether RE2 takes the expression (a bad one would fail the whole pass). */
        private boolean compiles(String re2) {
            try (Statement statement = file.connection().createStatement();
                    ResultSet r = statement.executeQuery("SELECT regexp_matches('', " + DuckDbFile.literal(re2) + ")")) {
                return r.next();
            } catch (SQLException e) {
                return false;
            }
        }

        private static String between(String value, Condition.Between b) {
            List<String> parts = new ArrayList<>();
            if (b.min() != null) {
                parts.add(value + (b.strictMin() ? " > " : " >= ") + number(b.min()));
            }
            if (b.max() != null) {
                parts.add(value + (b.strictMax() ? " < " : " <= ") + number(b.max()));
            }
            // NaN is missing here, so every present number is comparable
            return parts.isEmpty() ? "true" : String.join(" AND ", parts);
        }

        private static String number(double v) {
            return "CAST('" + Double.toString(v + 0.0) + "' AS DOUBLE)";
        }

        /** Python equality: numbers and booleans compare as numbers, strings only with strings. */
        private static String inSet(Column column, List<Object> values) {
            Set<String> literals = new LinkedHashSet<>();
            for (Object member : values) {
                switch (column.kind()) {
                    case STRING -> {
                        if (member instanceof String s) {
                            literals.add(DuckDbFile.literal(s));
                        }
                    }
                    case INTEGER, FLOAT, EMPTY, BOOLEAN -> {
                        Double key = member instanceof Boolean b ? (b ? 1.0 : 0.0)
                                : member instanceof Number n ? n.doubleValue() : null;
                        if (key != null && !key.isNaN()) {
                            literals.add(number(key));
                        }
                    }
                    case OTHER -> throw new IllegalStateException("no values to compare");
                }
            }
            if (literals.isEmpty()) {
                return "false";
            }
            String value = column.kind() == Kind.BOOLEAN ? "CAST(" + column.value() + " AS DOUBLE)" : column.value();
            return value + " IN (" + String.join(", ", literals) + ")";
        }

        /** The first values in row order that pass the filter. */
        private List<Object> firstValues(Column column, String filter, int limit) throws SQLException {
            return values(column, "SELECT " + column.value() + " FROM t WHERE " + filter + " LIMIT " + limit, true);
        }

        private List<Object> values(Column column, String sql, boolean ordered) throws SQLException {
            List<Object> values = new ArrayList<>();
            if (ordered) {
                DuckDbFile.execute(file.connection(), "SET threads = " + ORDERED);
            }
            try (Statement statement = file.connection().createStatement(); ResultSet r = statement.executeQuery(sql)) {
                while (r.next()) {
                    values.add(value(column, r));
                }
            } finally {
                if (ordered) {
                    DuckDbFile.execute(file.connection(), "SET threads = " + threads);
                }
            }
            return values;
        }

        private static Object value(Column column, ResultSet r) throws SQLException {
            return switch (column.kind()) {
                case INTEGER, FLOAT, EMPTY -> r.getDouble(1);
                case BOOLEAN -> r.getBoolean(1);
                case STRING -> r.getString(1);
                case OTHER -> throw new IllegalStateException("no values to read");
            };
        }

        private List<Object> distinctValues(Column column) throws SQLException {
            List<Object> values = values(column, "SELECT DISTINCT " + column.value() + " FROM t WHERE " + column.value()
                    + " IS NOT NULL", false);
            // one of -0.0 and 0.0 stands for both; say 0.0, as the in-memory scan does
            values.replaceAll(v -> v instanceof Double d ? d + 0.0 : v);
            return values;
        }

        private UnexpectedValues duplicates(Column column, Aggregates pass, Map<String, Object> aggregated, int limit)
                throws SQLException {
            long present = (Long) aggregated.get(pass.columnCountKey(column));
            if (present < 2) {
                return new UnexpectedValues(0, List.of());
            }
            if (column.kind() == Kind.INTEGER) {
                // whole numbers in a range not much wider than the column: one bit per possible value
                double min = (Double) aggregated.get(pass.minKey(column));
                double max = (Double) aggregated.get(pass.maxKey(column));
                if (Math.abs(min) < EXACT_INTEGERS && Math.abs(max) < EXACT_INTEGERS && max - min < BITMAP_LIMIT
                        && max - min < 64.0 * present) {
                    String sql = "SELECT bit_count(bitstring_agg(CAST(" + column.sql() + " AS BIGINT), " + (long) min + ", "
                            + (long) max + ")) FROM t";
                    try (Statement statement = file.connection().createStatement(); ResultSet r = statement.executeQuery(sql)) {
                        r.next();
                        if (r.getLong(1) == present) {
                            return new UnexpectedValues(0, List.of());
                        }
                    }
                }
            }
            String v = column.value();
            String repeated = "SELECT " + v + " AS v FROM t WHERE " + v + " IS NOT NULL GROUP BY " + v + " HAVING count(*) > 1";
            long count;
            try (Statement statement = file.connection().createStatement();
                    ResultSet r = statement.executeQuery("SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM t WHERE "
                            + v + " IS NOT NULL GROUP BY " + v + " HAVING count(*) > 1)")) {
                r.next();
                count = r.getLong(1);
            }
            if (count == 0 || limit == 0) {
                return new UnexpectedValues(count, List.of());
            }
            List<Object> first = values(column, "SELECT " + v + " FROM t WHERE " + v + " IN (" + repeated + ") LIMIT " + limit,
                    true);
            return new UnexpectedValues(count, first);
        }

        /** The one-pass aggregates, each under a key; run once. */
        private final class Aggregates {
            private final Map<String, String> expressions = new LinkedHashMap<>();
            private final Map<String, Boolean> doubles = new HashMap<>();
            private final Map<Measure<?>, String> keys = new HashMap<>();

            String key(Measure<?> measure) {
                return keys.computeIfAbsent(measure, m -> "measure:" + keys.size());
            }

            void add(Measure<?> measure, String sql) {
                boolean isDouble = measure instanceof Measure.Minimum || measure instanceof Measure.Maximum;
                put(key(measure), sql, isDouble);
            }

            String columnCountKey(Column column) {
                return "count:" + column.name();
            }

            String minKey(Column column) {
                return "min:" + column.name();
            }

            String maxKey(Column column) {
                return "max:" + column.name();
            }

            void addColumnCount(Column column) {
                put(columnCountKey(column), "count(" + column.value() + ")", false);
            }

            void addRange(Column column) {
                put(minKey(column), "min(" + comparable(column) + ")", true);
                put(maxKey(column), "max(" + comparable(column) + ")", true);
            }

            private void put(String key, String sql, boolean isDouble) {
                expressions.putIfAbsent(key, sql);
                doubles.putIfAbsent(key, isDouble);
            }

            Map<String, Object> run() throws SQLException {
                Map<String, Object> values = new HashMap<>();
                if (expressions.isEmpty()) {
                    return values;
                }
                List<String> keys = new ArrayList<>(expressions.keySet());
                StringBuilder sql = new StringBuilder("SELECT ");
                for (int i = 0; i < keys.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(expressions.get(keys.get(i)));
                }
                try (Statement statement = file.connection().createStatement();
                        ResultSet r = statement.executeQuery(sql + " FROM t")) {
                    r.next();
                    for (int i = 0; i < keys.size(); i++) {
                        Object value;
                        if (doubles.get(keys.get(i))) {
                            double d = r.getDouble(i + 1);
                            value = r.wasNull() ? null : d;
                        } else {
                            value = r.getLong(i + 1);
                        }
                        values.put(keys.get(i), value);
                    }
                }
                return values;
            }
        }
    }
}
