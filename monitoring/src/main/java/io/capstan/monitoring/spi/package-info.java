/**
 * Ports of the monitoring capability, implemented by adapters (DuckDB files) and by in-memory fakes:
 * {@link io.capstan.monitoring.spi.TabularSource} reads a whole table (drift needs every value),
 * {@link io.capstan.monitoring.spi.TableScanner} streams one in batches into a
 * {@link io.capstan.monitoring.spi.ColumnBatchSink} (sketch mode), and
 * {@link io.capstan.monitoring.spi.ColumnScans} opens a table for validation's measures, which an
 * adapter answers where the data is.
 */
package io.capstan.monitoring.spi;
