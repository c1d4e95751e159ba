/**
 * Ports of the monitoring capability, implemented by adapters (DuckDB files) and by in-memory fakes:
 * {@link io.capstan.monitoring.spi.TabularSource} reads a whole table, {@link io.capstan.monitoring.spi.TableScanner}
 * streams one in batches into a {@link io.capstan.monitoring.spi.ColumnBatchSink} (sketch mode).
 */
package io.capstan.monitoring.spi;
