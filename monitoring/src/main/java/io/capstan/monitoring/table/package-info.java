/**
 * Tables as drift and validation read them: named columns typed the way pandas types the same data
 * (so that Evidently's column type inference gives the same answer), built from Java or read through
 * a {@link io.capstan.monitoring.spi.TabularSource}.
 */
package io.capstan.monitoring.table;
