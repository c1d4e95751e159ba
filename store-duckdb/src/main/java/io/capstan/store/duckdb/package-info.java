/**
 * In-process DuckDB adapters: {@link io.capstan.store.duckdb.DuckDbTables} reads CSV and Parquet files
 * for drift and validation, typed as pandas types them.
 */
package io.capstan.store.duckdb;
