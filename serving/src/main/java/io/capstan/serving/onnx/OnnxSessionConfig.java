package io.capstan.serving.onnx;

/**
 * How an ONNX Runtime session uses threads.
 *
 * <p>Defaults suit small machines that also run the HTTP server and batcher: one or two intra-op
 * threads, one inter-op thread, and no spinning (spinning threads burn a core while idle and starve
 * the request threads on a 2-core box).
 *
 * @param intraOpThreads threads inside one operator; at least 1
 * @param interOpThreads threads across operators; at least 1
 * @param allowSpinning whether idle pool threads spin instead of sleeping
 */
public record OnnxSessionConfig(int intraOpThreads, int interOpThreads, boolean allowSpinning) {

    public OnnxSessionConfig {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1: " + intraOpThreads);
        }
        if (interOpThreads < 1) {
            throw new IllegalArgumentException("interOpThreads must be at least 1: " + interOpThreads);
        }
    }

    /** The defaults for a machine with this many processors: intra-op 1 below 4 cores, else 2. */
    public static OnnxSessionConfig forProcessors(int availableProcessors) {
        return new OnnxSessionConfig(availableProcessors >= 4 ? 2 : 1, 1, false);
    }
}
