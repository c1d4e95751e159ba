package io.capstan.app;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.spi.ServedRequest;
import io.capstan.monitoring.spi.ServedTensor;
import io.capstan.monitoring.spi.ServedTraffic;
import io.capstan.serving.inferencelog.FileInferenceLog;
import io.capstan.serving.inferencelog.InferenceLog;
import io.capstan.serving.inferencelog.InferenceRecord;
import io.capstan.serving.spi.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Serving's inference log as monitoring's served traffic: a deployment's answered requests, shadow
 * copies ({@code <name>/shadow}) and failures left out, tensors turned into monitoring's plain
 * arrays (FP32 values by their shortest decimal form). Thread-safe.
 */
final class InferenceLogTraffic implements ServedTraffic {
    /** Reads the records of a time range. */
    private interface Records {
        Stream<InferenceRecord> read(Instant from, Instant to);
    }

    private final Optional<Records> log;

    private InferenceLogTraffic(Optional<Records> log) {
        this.log = log;
    }

    /** The traffic a running server's log holds (none without a log). */
    static InferenceLogTraffic of(Optional<? extends InferenceLog> log) {
        return new InferenceLogTraffic(log.map(l -> l::read));
    }

    /** The traffic in a log directory on disk, read as it is ({@code capstan drift --inference-log}). */
    static InferenceLogTraffic ofDirectory(Path directory) {
        return new InferenceLogTraffic(Optional.of((from, to) -> FileInferenceLog.read(directory, from, to)));
    }

    @Override
    public boolean recorded() {
        return log.isPresent();
    }

    /**
     * A deployment's answered requests; {@code capstan serve}'s records (no deployment) count as the
     * deployment named like their model.
     */
    @Override
    public Stream<ServedRequest> read(String deployment, Instant from, Instant to) {
        if (log.isEmpty()) {
            throw CapstanException.invalid("This server records no traffic: start it with --inference-log DIR");
        }
        return log.get().read(from, to)
                .filter(r -> r.succeeded() && (deployment.equals(r.deploymentName())
                        || r.deploymentName() == null && deployment.equals(r.modelName())))
                .map(InferenceLogTraffic::request);
    }

    private static ServedRequest request(InferenceRecord r) {
        return new ServedRequest(r.requestId(), r.timestamp(), r.modelVersion(), tensors(r.inputs()),
                tensors(r.outputs()));
    }

    private static List<ServedTensor> tensors(List<Tensor> tensors) {
        List<ServedTensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            out.add(tensor(t));
        }
        return out;
    }

    static ServedTensor tensor(Tensor t) {
        long[] shape = t.shape();
        return switch (t.datatype()) {
            case BOOL -> new ServedTensor.Booleans(t.name(), shape, t.booleans());
            case BYTES -> {
                byte[][] bytes = t.bytes();
                String[] text = new String[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    text[i] = new String(bytes[i], StandardCharsets.UTF_8);
                }
                yield new ServedTensor.Strings(t.name(), shape, text);
            }
            case FP32, FP64 -> new ServedTensor.Numbers(t.name(), shape, doubles(t), false);
            case INT32, INT64 -> new ServedTensor.Numbers(t.name(), shape, doubles(t), true);
        };
    }

    private static double[] doubles(Tensor t) {
        Object data = t.data();
        return switch (data) {
            case double[] d -> d.clone();
            case float[] f -> {
                // the float a client sent as 5.1 is 5.1 to monitoring, as in the reference's CSV, not
                // 5.099999904632568: widened through its shortest decimal form, so ties stay ties
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = Float.isFinite(f[i]) ? Double.parseDouble(Float.toString(f[i])) : f[i];
                }
                yield d;
            }
            case long[] l -> {
                double[] d = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    d[i] = l[i];
                }
                yield d;
            }
            case int[] n -> {
                double[] d = new double[n.length];
                for (int i = 0; i < n.length; i++) {
                    d[i] = n[i];
                }
                yield d;
            }
            default -> throw new IllegalStateException("unexpected tensor data " + data.getClass());
        };
    }
}
