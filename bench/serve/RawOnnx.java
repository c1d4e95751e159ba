import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * The limit for bench/serve.py: ONNX Runtime called in-process from Java, no HTTP, no JSON, with
 * the session options `capstan serve` uses on this machine (intra-op threads from the argument,
 * one inter-op thread, no spinning). Prints one JSON line per batch size.
 *
 * Usage: java -cp app/target/capstan-app.jar bench/serve/RawOnnx.java MODEL.onnx FEATURES SECONDS INTRA_OP
 */
public class RawOnnx {
    public static void main(String[] args) throws Exception {
        String model = args[0];
        int features = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int intraOp = Integer.parseInt(args[3]);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOp);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            try (OrtSession session = env.createSession(model, options)) {
                String input = session.getInputNames().iterator().next();
                for (int batch : new int[] {1, 32}) {
                    float[] data = new float[batch * features];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (float) Math.sin(i);
                    }
                    long[] shape = {batch, features};
                    // warm-up
                    long warmEnd = System.nanoTime() + 2_000_000_000L;
                    while (System.nanoTime() < warmEnd) {
                        run(env, session, input, data, shape);
                    }
                    long[] samples = new long[2_000_000];
                    int n = 0;
                    long end = System.nanoTime() + (long) (seconds * 1e9);
                    long start = System.nanoTime();
                    while (System.nanoTime() < end && n < samples.length) {
                        long t0 = System.nanoTime();
                        run(env, session, input, data, shape);
                        samples[n++] = System.nanoTime() - t0;
                    }
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    long[] sorted = Arrays.copyOf(samples, n);
                    Arrays.sort(sorted);
                    System.out.printf("RAWJSON {\"batch\":%d,\"calls\":%d,\"calls_per_s\":%.1f,\"p50_us\":%.1f,"
                                    + "\"p99_us\":%.1f}%n", batch, n, n / elapsed, sorted[n / 2] / 1e3,
                            sorted[(int) (n * 0.99)] / 1e3);
                }
            }
        }
    }

    private static void run(OrtEnvironment env, OrtSession session, String input, float[] data, long[] shape)
            throws Exception {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            result.get(0).getValue();
        }
    }
}
