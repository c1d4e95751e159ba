package io.capstan.monitoring.spi;

import java.time.Instant;
import java.util.stream.Stream;

/**
 * The requests deployments answered, for monitors whose source is a deployment. The serving layer's
 * inference log is the implementation in a server; tests use a list. Thread-safe.
 */
public interface ServedTraffic {
    /**
     * Returns whether traffic is recorded at all; a server started without an inference log records
     * none, and monitors of deployments are refused there.
     */
    boolean recorded();

    /**
     * Returns the requests {@code deployment} answered successfully with a timestamp in
     * {@code [from, to)}, shadow copies and failed requests excluded, roughly in time order. The stream
     * may hold files open: close it.
     *
     * @throws io.capstan.core.CapstanException INTERNAL_ERROR when the recorded traffic cannot be read
     */
    Stream<ServedRequest> read(String deployment, Instant from, Instant to);
}
