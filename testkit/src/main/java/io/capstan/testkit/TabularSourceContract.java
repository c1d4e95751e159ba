package io.capstan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.CountedColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link TabularSource} must do, typed as pandas types the same data. A subclass stores the
 * fixture table below wherever its source reads from ({@link #store}) and returns its location.
 *
 * <p>The fixture, as a CSV file would hold it:
 *
 * <pre>
 * id,price,city,active,level,empty
 * 1,9.5,Paris,true,3,
 * 2,,Lyon,false,,
 * 3,7.25,,true,1,
 * 4,1e3,Paris,false,2,
 * </pre>
 */
public abstract class TabularSourceContract {
    /** The fixture's columns in order. */
    protected static final List<String> COLUMNS = List.of("id", "price", "city", "active", "level", "empty");

    @TempDir
    protected Path dir;

    /** Returns the source under test. */
    protected abstract TabularSource source();

    /** Stores the fixture (see the class comment) for {@link #source()} and returns its location. */
    protected abstract String store(Path dir) throws Exception;

    /** Returns a location where nothing is stored. */
    protected abstract String missingLocation(Path dir);

    @Test
    void readsColumnsInOrderWithTheirRows() throws Exception {
        Table table = source().read(store(dir));

        assertThat(table.columnNames()).containsExactlyElementsOf(COLUMNS);
        assertThat(table.rowCount()).isEqualTo(4);
    }

    @Test
    void typesColumnsAsPandasDoes() throws Exception {
        Table table = source().read(store(dir));

        NumberColumn id = (NumberColumn) column(table, "id");
        assertThat(id.isInteger()).isTrue();
        assertThat(id.values()).containsExactly(1, 2, 3, 4);
        NumberColumn price = (NumberColumn) column(table, "price");
        assertThat(price.isInteger()).isFalse();
        assertThat(price.get(0)).isEqualTo(9.5);
        assertThat(price.get(1)).isNaN();
        assertThat(price.get(3)).isEqualTo(1000.0);
        StringColumn city = (StringColumn) column(table, "city");
        assertThat(city.values()).containsExactly("Paris", "Lyon", null, "Paris");
        BooleanColumn active = (BooleanColumn) column(table, "active");
        assertThat(active.get(0)).isTrue();
        assertThat(active.get(1)).isFalse();
        assertThat(active.missingCount()).isZero();
    }

    @Test
    void integersWithAMissingValueAreFloats() throws Exception {
        NumberColumn level = (NumberColumn) column(source().read(store(dir)), "level");

        assertThat(level.isInteger()).isFalse();
        assertThat(level.get(0)).isEqualTo(3.0);
        assertThat(level.get(1)).isNaN();
        assertThat(level.missingCount()).isEqualTo(1);
    }

    @Test
    void aColumnWithNoValueIsAnEmptyFloatColumn() throws Exception {
        TableColumn empty = column(source().read(store(dir)), "empty");

        assertThat(empty).isInstanceOf(NumberColumn.class);
        assertThat(empty.missingCount()).isEqualTo(4);
    }

    @Test
    void readsStringsAndBooleansAsCountsOfWhatReadGives() throws Exception {
        String location = store(dir);
        Table rows = source().read(location);
        Table counted = source().readCounted(location);

        assertThat(counted.columnNames()).containsExactlyElementsOf(COLUMNS);
        assertThat(counted.rowCount()).isEqualTo(rows.rowCount());
        CountedColumn city = (CountedColumn) column(counted, "city");
        assertThat(city.valueType()).isEqualTo(CountedColumn.ValueType.STRING);
        assertThat(city.missingCount()).isEqualTo(1);
        assertThat(city).isEqualTo(CountedColumn.strings("city", List.of("Lyon", "Paris"), new long[] {1, 2}, 1));
        CountedColumn active = (CountedColumn) column(counted, "active");
        assertThat(active).isEqualTo(CountedColumn.booleans("active", List.of(true, false), new long[] {2, 2}, 0));
        Table countedHere = rows.countingCategories();
        assertThat(city).isEqualTo(column(countedHere, "city"));
        assertThat(active).isEqualTo(column(countedHere, "active"));
        for (String numeric : List.of("id", "price", "level", "empty")) {
            NumberColumn read = (NumberColumn) column(rows, numeric);
            NumberColumn alongside = (NumberColumn) column(counted, numeric);
            assertThat(alongside.isInteger()).isEqualTo(read.isInteger());
            assertThat(Arrays.equals(alongside.values(), read.values())).as(numeric).isTrue();
        }
    }

    @Test
    void aMissingLocationIsNotFound() {
        assertThatThrownBy(() -> source().read(missingLocation(dir)))
                .isInstanceOf(CapstanException.class)
                .extracting(e -> ((CapstanException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThatThrownBy(() -> source().readCounted(missingLocation(dir)))
                .isInstanceOf(CapstanException.class)
                .extracting(e -> ((CapstanException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    private static TableColumn column(Table table, String name) {
        return table.column(name).orElseThrow(() -> new AssertionError("no column " + name));
    }
}
