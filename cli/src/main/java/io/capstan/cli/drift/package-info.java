/**
 * {@code capstan drift}: Evidently-compatible data drift of two CSV or Parquet files, with JSON and HTML
 * reports and CI exit statuses (0 no dataset drift, 1 dataset drift, 2 usage or input error). The
 * command reads files through the {@link io.capstan.monitoring.spi.TabularSource} port it is given, so
 * the composition root ({@code app}) chooses the adapter (DuckDB).
 */
package io.capstan.cli.drift;
