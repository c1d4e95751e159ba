package io.capstan.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Makes new identifiers. Domain code gets one through its constructor so tests can pin ids.
 *
 * <p>Implementations are thread-safe.
 */
public interface IdGenerator {

    /** 32 lowercase hex characters, like Python's {@code uuid4().hex} (MLflow run ids). */
    String hex32();

    /** A random integer in {@code [0, bound)}, for generated names. */
    int nextInt(int bound);

    /** The production generator, backed by {@link SecureRandom}. */
    static IdGenerator secure() {
        return fromRandom(new SecureRandom());
    }

    /** A generator over the given source of randomness (a seeded one in tests). */
    static IdGenerator fromRandom(RandomGenerator random) {
        return new IdGenerator() {
            @Override
            public String hex32() {
                byte[] bytes = new byte[16];
                synchronized (random) {
                    random.nextBytes(bytes);
                }
                // version-4 layout, so ids look exactly like uuid4().hex
                bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
                bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
                return HexFormat.of().formatHex(bytes);
            }

            @Override
            public int nextInt(int bound) {
                synchronized (random) {
                    return random.nextInt(bound);
                }
            }
        };
    }
}
