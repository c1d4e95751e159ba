/** Ports of the monitoring capability, implemented by adapters (DuckDB files) and by in-memory fakes. */
package io.capstan.monitoring.spi;
