package io.capstan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import io.capstan.monitoring.validation.Answers;
import io.capstan.monitoring.validation.ColumnScan;
import io.capstan.monitoring.validation.Condition;
import io.capstan.monitoring.validation.Measure;
import io.capstan.monitoring.validation.ScanColumn;
import io.capstan.monitoring.validation.TableScan;
import io.capstan.monitoring.validation.UnexpectedValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ColumnScan} must do: answer each {@link Measure} exactly as the in-memory
 * {@link TableScan} answers it over the same table (same counts, same first values in row order, same
 * floating-point bits), plus a few answers pinned by hand so that the reference itself is held. A
 * subclass stores a table wherever its scans read from, typed so that reading it back gives the same
 * table, and opens a scan of it.
 */
public abstract class ColumnScanContract {
    @TempDir
    protected Path dir;

    /**
     * Stores {@code table} the implementation's way and opens a scan of it. Values in the fixtures are
     * chosen to survive a CSV or Parquet round trip: integers, doubles with NaN for missing, strings
     * without pandas' missing markers, booleans.
     */
    protected abstract ColumnScan open(Table table, Path dir) throws Exception;

    /** A small table with every kind of column and the awkward values. */
    protected static Table fixture() {
        return Table.of(
                NumberColumn.ofLongs("id", 1, 2, 3, 4, 5, 6, 7, 8),
                NumberColumn.ofLongs("dup", 5, 3, 5, 1, 3, 3, 9, 8),
                NumberColumn.ofDoubles("price", 9.5, Double.NaN, 7.25, 1000, 0.1, Double.NaN, 0.2, 0.3),
                StringColumn.of("city", "Paris", "Lyon", null, "Paris", "Lyon\n", "Évry", "L'Haÿ", "a.b"),
                StringColumn.of("code", "AB-123", "AB-12", "ab-123", "AB-1234", "x AB-999", "AB-000\n", "AB-\u0663\u0661\u0662",
                        "AB-7a7"),
                BooleanColumn.of("flag", true, false, true, null, true, true, false, true),
                NumberColumn.ofDoubles("level", 3, Double.NaN, 1, 2, 2, 1, Double.NaN, 3),
                NumberColumn.ofDoubles("empty", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN),
                NumberColumn.ofDoubles("signed", 0.0, -0.0, 1.5, -2.0, 0.0, 1.5, 3.0, -7.0));
    }

    /** A larger seeded table: many rows in many batches, so that row order and parallel scans show. */
    protected static Table large(int rows) {
        Random random = new Random(20261201);
        long[] id = new long[rows];
        long[] small = new long[rows];
        double[] x = new double[rows];
        String[] word = new String[rows];
        Boolean[] flag = new Boolean[rows];
        String[] words = {"alpha", "beta", "gamma", "delta", "AB-123", "AB-9x9", "épsilon"};
        for (int i = 0; i < rows; i++) {
            id[i] = rows - i;
            small[i] = random.nextInt(rows / 2) - 1000;
            x[i] = random.nextDouble() < 0.03 ? Double.NaN : random.nextGaussian() * 1e3 + (i % 7);
            word[i] = random.nextDouble() < 0.05 ? null : words[random.nextInt(words.length)];
            flag[i] = random.nextDouble() < 0.4;
        }
        return Table.of(NumberColumn.ofLongs("id", id), NumberColumn.ofLongs("small", small),
                NumberColumn.ofDoubles("x", x), StringColumn.of("word", word), BooleanColumn.of("flag", flag));
    }

    @Test
    void describesTheColumnsAsTheTableHasThem() throws Exception {
        Table table = fixture();
        try (ColumnScan scan = open(table, dir)) {
            assertThat(scan.rowCount()).isEqualTo(8);
            assertThat(scan.columns()).containsExactlyElementsOf(new TableScan(table).columns());
            assertThat(scan.columns().get(0)).isEqualTo(new ScanColumn("id", ScanColumn.Kind.NUMBER, "integer"));
            assertThat(scan.columns().get(6)).isEqualTo(new ScanColumn("level", ScanColumn.Kind.NUMBER, "float"));
        }
    }

    @Test
    void everyMeasureOfEveryColumnIsTheInMemoryAnswer() throws Exception {
        Table table = fixture();
        List<Measure<?>> measures = new ArrayList<>();
        for (TableColumn column : table.columns()) {
            measures.addAll(measuresOf(column));
        }
        assertSameAnswers(table, measures);
    }

    @Test
    void regularExpressionsMatchAsJavaReadsThem() throws Exception {
        Table table = fixture();
        List<String> regexes = List.of("^AB-\\d{3}$", "^AB-[0-9]{3}$", "b+", "-", "^L", "(?i)paris", "\\bParis",
                "a.b", "n$", "\\s", "[[:alpha:]]", "[a-z&&[^p]]", "É", "^$", "", "(a|b)*c", "Ly(on)?$", "[^a-z]",
                "\\w+\\.\\w", "a{1,3}?", "(?<x>a)\\k<x>", "\\p{L}+", "AB-\\d{3}\\z", "[\\d-]+", "\\.", "'", "x+?y*",
                "^(?:AB|ab)-\\d+$", "AB-\\d", "^ab", "23$", "^AB-\\d{3}\\z", "^L'H", "[A-Z]{2}-", "^[a-z]{4}$", "a\\.b",
                "^Lyon$", "^[0-9A-F]{2}", "\\*", "^\\d{0}AB", "^$", "y$", "^x AB", "on\\z");
        List<Measure<?>> measures = new ArrayList<>();
        for (String regex : regexes) {
            for (String column : List.of("city", "code", "price", "flag")) {
                measures.add(new Measure.Unexpected(column, new Condition.Matches(regex, false), 20));
                measures.add(new Measure.Unexpected(column, new Condition.Matches(regex, true), 3));
            }
        }
        assertSameAnswers(table, measures);
    }

    @Test
    void pinnedAnswersOfTheReference() throws Exception {
        Table table = fixture();
        Measure.Unexpected between = new Measure.Unexpected("price", new Condition.Between(0.2, 10.0, true, true), 20);
        Measure.Duplicates duplicates = new Measure.Duplicates("dup", 2);
        Measure.Unexpected inSet = new Measure.Unexpected("flag", new Condition.InSet(List.of(1)), 20);
        Measure.Unexpected lengths = new Measure.Unexpected("city",
                new Condition.LengthBetween(new Condition.Between(5.0, 5.0, false, false)), 20);
        Measure.Median median = new Measure.Median("price");
        Measure.MissingCount missing = new Measure.MissingCount("price");
        Measure.DistinctCount signed = new Measure.DistinctCount("signed");
        try (ColumnScan scan = open(table, dir)) {
            Answers answers = scan.measure(List.of(between, duplicates, inSet, lengths, median, missing, signed));
            assertThat(answers.get(between)).isEqualTo(new UnexpectedValues(3, List.of(1000.0, 0.1, 0.2)));
            assertThat(answers.get(duplicates)).isEqualTo(new UnexpectedValues(5, List.of(5.0, 3.0)));
            assertThat(answers.get(inSet)).isEqualTo(new UnexpectedValues(2, List.of(false, false)));
            // "Lyon\n" and "L'Haÿ" are five code points, "Évry" four
            assertThat(answers.get(lengths)).isEqualTo(new UnexpectedValues(3, List.of("Lyon", "Évry", "a.b")));
            assertThat(answers.get(median)).isEqualTo((7.25 + 0.3) / 2);
            assertThat(answers.get(missing)).isEqualTo(2L);
            assertThat(answers.get(signed)).isEqualTo(5L);
        }
    }

    @Test
    void manyRowsKeepRowOrderAndArithmetic() throws Exception {
        Table table = large(60_000);
        List<Measure<?>> measures = new ArrayList<>();
        for (TableColumn column : table.columns()) {
            measures.addAll(measuresOf(column));
        }
        measures.add(new Measure.Unexpected("x", new Condition.Between(-1500.0, 1500.0, false, false), 20));
        measures.add(new Measure.Unexpected("word", new Condition.Matches("^[a-z]+$", false), 20));
        measures.add(new Measure.Unexpected("word", new Condition.Matches("ta$", true), 20));
        assertSameAnswers(table, measures);
    }

    @Test
    void aMeasureOfAColumnThatIsNotThereIsRefused() throws Exception {
        try (ColumnScan scan = open(fixture(), dir)) {
            assertThatThrownBy(() -> scan.measure(List.of(new Measure.MissingCount("nope"))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> scan.measure(List.of(new Measure.Mean("city"))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Every measure that applies to the column, with conditions of each kind. */
    protected static List<Measure<?>> measuresOf(TableColumn column) {
        String name = column.name();
        List<Measure<?>> measures = new ArrayList<>(List.of(new Measure.MissingCount(name),
                new Measure.Duplicates(name, 20), new Measure.Duplicates(name, 0), new Measure.DistinctCount(name),
                new Measure.DistinctValues(name)));
        List<Condition> conditions = List.of(new Condition.Never(),
                new Condition.Between(1.0, 5.0, false, false), new Condition.Between(1.0, null, true, false),
                new Condition.Between(null, 7.25, false, true),
                new Condition.InSet(List.of(1, 2.0, true, "Paris", "Lyon\n", "alpha")),
                new Condition.InSet(List.of()), new Condition.NotInSet(List.of(false, 3, "Évry", "beta")),
                new Condition.LengthBetween(new Condition.Between(4.0, 5.0, false, false)),
                new Condition.LengthEquals(5), new Condition.Matches("^AB-\\d{3}$", false));
        for (Condition condition : conditions) {
            measures.add(new Measure.Unexpected(name, condition, 20));
        }
        if (column instanceof NumberColumn) {
            measures.addAll(List.of(new Measure.Minimum(name), new Measure.Maximum(name), new Measure.Median(name),
                    new Measure.Sum(name), new Measure.Mean(name), new Measure.StandardDeviation(name)));
        }
        return measures;
    }

    private void assertSameAnswers(Table table, List<Measure<?>> measures) throws Exception {
        Answers expected = new TableScan(table).measure(measures);
        Answers actual;
        try (ColumnScan scan = open(table, dir)) {
            actual = scan.measure(measures);
        }
        List<String> problems = new ArrayList<>();
        for (Measure<?> measure : measures) {
            Object want = expected.get(measure);
            Object got = actual.get(measure);
            boolean same = measure instanceof Measure.DistinctValues
                    ? new HashSet<>((List<?>) want).equals(new HashSet<>((List<?>) got))
                    : java.util.Objects.equals(want, got);
            if (!same) {
                problems.add(measure + ": expected " + want + ", got " + got);
            }
        }
        assertThat(problems).isEmpty();
    }
}
