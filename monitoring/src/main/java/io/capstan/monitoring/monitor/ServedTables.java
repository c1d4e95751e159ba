package io.capstan.monitoring.monitor;

import io.capstan.monitoring.spi.ServedRequest;
import io.capstan.monitoring.table.Table;
import java.util.List;

/**
 * Served requests as a table, columns named as monitors name them (see {@link TrafficTable}): for
 * {@code capstan drift} over an inference log, and for tables built from the Java API. Stateless.
 */
public final class ServedTables {
    private ServedTables() {
    }

    /**
     * Returns the requests' inputs and outputs as columns, one row per served row.
     *
     * @param featureNames names of a 2-D input's columns, or empty
     * @param referenceColumns the reference's columns, whose names a 2-D input takes when they fit; may be empty
     * @throws io.capstan.core.CapstanException INVALID_PARAMETER_VALUE when {@code featureNames} does not fit
     */
    public static Table table(List<ServedRequest> requests, List<String> featureNames, List<String> referenceColumns) {
        return TrafficTable.build(requests, featureNames, referenceColumns, null).table();
    }
}
