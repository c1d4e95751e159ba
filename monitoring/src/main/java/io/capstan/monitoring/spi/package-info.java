/**
 * Ports of the monitoring capability, implemented by adapters (DuckDB files) and by in-memory fakes:
 * {@link io.capstan.monitoring.spi.TabularSource} reads whole tables (drift needs every value);
 * {@link io.capstan.monitoring.spi.ColumnScans} opens a table for validation's measures, which an
 * adapter answers where the data is.
 */
package io.capstan.monitoring.spi;
