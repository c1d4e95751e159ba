package io.capstan.serving.inferencelog;

import java.nio.charset.StandardCharsets;

/**
 * Decides from a request id alone whether the request is logged, so the decision is the same in
 * every process, every replica and every rerun, and a monitor (or a Python script) can tell which
 * requests to expect in the log.
 *
 * <p>The function, fixed so other tools can reproduce it: {@code h} = 64-bit FNV-1a over the id's
 * UTF-8 bytes, then SplitMix64's finaliser ({@code h ^= h >>> 30; h *= 0xbf58476d1ce4e5b9;
 * h ^= h >>> 27; h *= 0x94d049bb133111eb; h ^= h >>> 31}); the request is sampled when
 * {@code (h >>> 11) / 2^53 < rate}. Rate 1 keeps everything, rate 0 nothing.
 *
 * @param rate the fraction kept, in {@code [0, 1]}
 * @throws IllegalArgumentException for a rate outside {@code [0, 1]} or NaN
 */
public record RequestSampler(double rate) {

    /** Keeps every request. */
    public static final RequestSampler ALL = new RequestSampler(1.0);

    public RequestSampler {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("sample rate must be between 0 and 1, got " + rate);
        }
    }

    /** Whether the request with this id is logged. @param requestId not null */
    public boolean sampled(String requestId) {
        return fraction(requestId) < rate;
    }

    /** The id's position in {@code [0, 1)}: sampled iff below the rate. */
    static double fraction(String requestId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : requestId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }
}
