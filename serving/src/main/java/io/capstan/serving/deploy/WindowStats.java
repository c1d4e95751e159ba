package io.capstan.serving.deploy;

import java.time.Instant;

/**
 * One version's requests in one closed window.
 *
 * @param end when the window closed
 * @param version the version
 * @param weight its traffic share while the window was open, percent
 * @param requests requests it answered or failed
 * @param errors server errors among them
 * @param p99Millis the 99th percentile latency, 0 without requests
 * @param shadowRequests copies the shadow ran (on the shadow version's row: what it got)
 * @param shadowDisagreements copies where the shadow's outputs differ from the primary's
 * @param shadowErrors copies the shadow failed on
 */
public record WindowStats(Instant end, String version, int weight, long requests, long errors, double p99Millis,
        long shadowRequests, long shadowDisagreements, long shadowErrors) {

    /** Errors per request, 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    /** Disagreements per shadow copy, 0 without copies. */
    public double disagreementRate() {
        return shadowRequests == 0 ? 0 : (double) shadowDisagreements / shadowRequests;
    }
}
