package io.capstan.monitoring.monitor;

import io.capstan.monitoring.spi.ServedRequest;
import io.capstan.monitoring.spi.ServedTensor;
import io.capstan.monitoring.spi.ServedTraffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Served traffic the test adds by hand, and generators of requests. */
public final class Traffic implements ServedTraffic {
    private final List<String[]> deployments = new ArrayList<>();
    private final List<ServedRequest> requests = new ArrayList<>();
    private final boolean recorded;

    public Traffic(boolean recorded) {
        this.recorded = recorded;
    }

    public synchronized void add(String deployment, ServedRequest request) {
        deployments.add(new String[] {deployment});
        requests.add(request);
    }

    @Override
    public boolean recorded() {
        return recorded;
    }

    @Override
    public synchronized Stream<ServedRequest> read(String deployment, Instant from, Instant to) {
        List<ServedRequest> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ServedRequest r = requests.get(i);
            if (deployments.get(i)[0].equals(deployment) && !r.timestamp().isBefore(from) && r.timestamp().isBefore(to)) {
                out.add(r);
            }
        }
        return out.stream();
    }

    /**
     * A request of one row: input {@code x} of 2 features drawn around {@code mean}, output {@code label}
     * (1 when the first feature is positive) and {@code probabilities} [1, 2].
     */
    public static ServedRequest row(String id, Instant time, Random random, double mean) {
        double a = mean + random.nextGaussian();
        double b = random.nextGaussian();
        double p = 1 / (1 + Math.exp(-a));
        return new ServedRequest(id, time, "1",
                List.of(new ServedTensor.Numbers("x", new long[] {1, 2}, new double[] {a, b}, false)),
                List.of(new ServedTensor.Numbers("label", new long[] {1}, new double[] {a > 0 ? 1 : 0}, true),
                        new ServedTensor.Numbers("probabilities", new long[] {1, 2}, new double[] {1 - p, p}, false)));
    }
}
