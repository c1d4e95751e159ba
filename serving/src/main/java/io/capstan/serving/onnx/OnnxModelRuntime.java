package io.capstan.serving.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.MapSequence;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.Tensor;
import io.capstan.serving.spi.TensorSpec;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link ModelRuntime} over one ONNX Runtime session.
 *
 * <p>Inputs are checked against the model's signature before they reach the engine, so client
 * mistakes come back as INVALID_PARAMETER_VALUE with a readable message rather than an engine
 * error. Outputs that are not tensors (skl2onnx's ZipMap sequence of maps) are left out of the
 * metadata and of {@link #infer}, which speaks the Open Inference Protocol; {@link #predict}
 * returns them, as MLflow's pyfunc does.
 *
 * <p>Thread-safe: ONNX Runtime's {@code run} is safe to call concurrently on one session; a
 * read-write lock keeps {@link #close} from freeing the session under a running inference.
 */
public final class OnnxModelRuntime implements ModelRuntime {
    /** OIP v2 platform string for ONNX models. */
    public static final String PLATFORM = "onnx_onnxv1";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final Map<String, TensorSpec> inputsByName = new HashMap<>();
    /** Every output the model has, tensors and sequences of maps, in the model's order. */
    private final List<String> allOutputs = new ArrayList<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxModelRuntime(OrtEnvironment env, OrtSession session) throws OrtException {
        this.env = env;
        this.session = session;
        List<TensorSpec> inputs = new ArrayList<>();
        for (NodeInfo node : session.getInputInfo().values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new CapstanException(ErrorCode.NOT_IMPLEMENTED,
                        "ONNX model input '%s' is not a tensor (%s); only tensor inputs are supported",
                        node.getName(), node.getInfo());
            }
            TensorSpec spec = new TensorSpec(node.getName(), dataType(node.getName(), info.type),
                    info.getShape());
            inputs.add(spec);
            inputsByName.put(spec.name(), spec);
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (NodeInfo node : session.getOutputInfo().values()) {
            if (node.getInfo() instanceof TensorInfo info) {
                outputs.add(new TensorSpec(node.getName(), dataType(node.getName(), info.type),
                        info.getShape()));
                allOutputs.add(node.getName());
            } else if (node.getInfo() instanceof SequenceInfo info && info.isSequenceOfMaps()) {
                allOutputs.add(node.getName());
            }
        }
        if (outputs.isEmpty()) {
            throw new CapstanException(ErrorCode.NOT_IMPLEMENTED,
                    "ONNX model has no tensor outputs; export classifiers without ZipMap "
                            + "(skl2onnx options={'zipmap': False})");
        }
        this.metadata = new ModelMetadata(PLATFORM, inputs, outputs);
    }

    /**
     * Loads an ONNX model file into a new session.
     *
     * @param env the process-wide environment ({@link OrtEnvironment#getEnvironment()}); not null
     * @param modelFile the {@code .onnx} file; not null
     * @param config threading; not null
     * @throws CapstanException INVALID_PARAMETER_VALUE when the file cannot be loaded as ONNX,
     *     NOT_IMPLEMENTED when the model uses datatypes or non-tensor inputs not served yet
     */
    public static OnnxModelRuntime load(OrtEnvironment env, Path modelFile, OnnxSessionConfig config) {
        requireNonNull(env, "env is null");
        requireNonNull(modelFile, "modelFile is null");
        requireNonNull(config, "config is null");
        OrtSession session;
        try (OrtSession.SessionOptions options = sessionOptions(config)) {
            session = env.createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    "Cannot load ONNX model '" + modelFile.getFileName() + "': " + e.getMessage());
        }
        try {
            return new OnnxModelRuntime(env, session);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof CapstanException ce) {
                throw ce;
            }
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    "Cannot read ONNX model signature: " + e.getMessage());
        }
    }

    static OrtSession.SessionOptions sessionOptions(OnnxSessionConfig config) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(config.interOpThreads());
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            String spin = config.allowSpinning() ? "1" : "0";
            options.addConfigEntry("session.intra_op.allow_spinning", spin);
            options.addConfigEntry("session.inter_op.allow_spinning", spin);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
        requireNonNull(inputs, "inputs is null");
        requireNonNull(outputs, "outputs is null");
        validateInputs(inputs);
        Set<String> wanted = wantedOutputs(outputs);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Model is unloaded");
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            run(inputs, wanted).forEach((name, value) -> tensors.put(name, (Tensor) value));
            return tensors;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public Map<String, ModelOutput> predict(Map<String, Tensor> inputs) {
        requireNonNull(inputs, "inputs is null");
        validateInputs(inputs);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Model is unloaded");
            }
            return run(inputs, new LinkedHashSet<>(allOutputs));
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void validateInputs(Map<String, Tensor> inputs) {
        for (Map.Entry<String, Tensor> entry : inputs.entrySet()) {
            Tensor tensor = requireNonNull(entry.getValue(), "input tensor is null");
            if (!tensor.name().equals(entry.getKey())) {
                throw new IllegalArgumentException("input keyed '" + entry.getKey()
                        + "' is named '" + tensor.name() + "'");
            }
            TensorSpec spec = inputsByName.get(entry.getKey());
            if (spec == null) {
                throw CapstanException.invalid("Unknown input '%s'; the model's inputs are %s",
                        entry.getKey(), metadata.inputs());
            }
            if (tensor.datatype() != spec.datatype()) {
                throw CapstanException.invalid("Input '%s' must be %s, got %s",
                        spec.name(), spec.datatype(), tensor.datatype());
            }
            if (!spec.accepts(tensor.shape())) {
                throw CapstanException.invalid(
                        "Input '%s' has shape %s; the model expects %s (-1 = any size)",
                        spec.name(), Arrays.toString(tensor.shape()), Arrays.toString(spec.shape()));
            }
        }
        for (TensorSpec spec : metadata.inputs()) {
            if (!inputs.containsKey(spec.name())) {
                throw CapstanException.invalid("Missing input '%s' (%s %s)",
                        spec.name(), spec.datatype(), Arrays.toString(spec.shape()));
            }
        }
    }

    private Set<String> wantedOutputs(List<String> requested) {
        Set<String> wanted = new LinkedHashSet<>();
        if (requested.isEmpty()) {
            metadata.outputs().forEach(spec -> wanted.add(spec.name()));
            return wanted;
        }
        for (String name : requested) {
            if (metadata.output(name).isEmpty()) {
                throw CapstanException.invalid("Unknown output '%s'; the model's outputs are %s",
                        name, metadata.outputs());
            }
            wanted.add(name);
        }
        // the model's order, not the request's: deterministic and what OIP clients see from Triton
        Set<String> ordered = new LinkedHashSet<>();
        metadata.outputs().forEach(spec -> {
            if (wanted.contains(spec.name())) {
                ordered.add(spec.name());
            }
        });
        return ordered;
    }

    private Map<String, ModelOutput> run(Map<String, Tensor> inputs, Set<String> wanted) {
        Map<String, OnnxTensor> ortInputs = new LinkedHashMap<>();
        try {
            for (Tensor tensor : inputs.values()) {
                ortInputs.put(tensor.name(), toOrt(tensor));
            }
            try (OrtSession.Result result = session.run(ortInputs, wanted)) {
                Map<String, ModelOutput> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> entry : result) {
                    OnnxValue value = entry.getValue();
                    outputs.put(entry.getKey(), value instanceof OnnxSequence sequence
                            ? mapSequence(entry.getKey(), sequence)
                            : fromOrt(entry.getKey(), (OnnxTensor) value));
                }
                return outputs;
            }
        } catch (OrtException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e,
                    "ONNX Runtime failed: " + e.getMessage());
        } finally {
            ortInputs.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOrt(Tensor tensor) throws OrtException {
        long[] shape = tensor.shape();
        return switch (tensor.datatype()) {
            case FP32 -> OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor.floats()), shape);
            case FP64 -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(tensor.doubles()), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(tensor.longs()), shape);
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(tensor.ints()), shape);
            case BOOL -> {
                boolean[] values = tensor.booleans();
                ByteBuffer bytes = ByteBuffer.allocate(values.length);
                for (boolean value : values) {
                    bytes.put((byte) (value ? 1 : 0));
                }
                yield OnnxTensor.createTensor(env, bytes.flip(), shape, OnnxJavaType.BOOL);
            }
            case BYTES -> {
                byte[][] values = tensor.bytes();
                String[] strings = new String[values.length];
                for (int i = 0; i < values.length; i++) {
                    strings[i] = new String(values[i], StandardCharsets.UTF_8);
                }
                yield OnnxTensor.createTensor(env, strings, shape);
            }
        };
    }

    private static Tensor fromOrt(String name, OnnxTensor value) throws OrtException {
        TensorInfo info = value.getInfo();
        long[] shape = info.getShape();
        DataType type = dataType(name, info.type);
        Object data = switch (type) {
            case FP32 -> array(value.getFloatBuffer());
            case FP64 -> array(value.getDoubleBuffer());
            case INT64 -> array(value.getLongBuffer());
            case INT32 -> array(value.getIntBuffer());
            case BOOL -> {
                ByteBuffer bytes = value.getByteBuffer();
                boolean[] values = new boolean[bytes.remaining()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = bytes.get() != 0;
                }
                yield values;
            }
            case BYTES -> {
                List<byte[]> flat = new ArrayList<>();
                flattenStrings(value.getValue(), flat);
                yield flat.toArray(new byte[0][]);
            }
        };
        return new Tensor(name, type, shape, data);
    }

    private static MapSequence mapSequence(String name, OnnxSequence sequence) throws OrtException {
        List<Map<String, Double>> rows = new ArrayList<>();
        for (OnnxValue element : sequence.getValue()) {
            Map<? extends Object, ? extends Object> map = ((OnnxMap) element).getValue();
            // ONNX Runtime hands back a hash map; labels in their natural order are deterministic
            List<Object> keys = new ArrayList<>(map.keySet());
            keys.sort((a, b) -> a instanceof Long x && b instanceof Long y
                    ? Long.compare(x, y) : a.toString().compareTo(b.toString()));
            Map<String, Double> row = new LinkedHashMap<>();
            for (Object key : keys) {
                row.put(key.toString(), ((Number) map.get(key)).doubleValue());
            }
            rows.add(row);
        }
        return new MapSequence(name, rows);
    }

    private static float[] array(FloatBuffer buffer) {
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static double[] array(DoubleBuffer buffer) {
        double[] values = new double[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static long[] array(LongBuffer buffer) {
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static int[] array(IntBuffer buffer) {
        int[] values = new int[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static void flattenStrings(Object value, List<byte[]> out) {
        if (value instanceof String s) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        } else {
            for (int i = 0; i < Array.getLength(value); i++) {
                flattenStrings(Array.get(value, i), out);
            }
        }
    }

    private static DataType dataType(String name, OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> DataType.FP32;
            case DOUBLE -> DataType.FP64;
            case INT64 -> DataType.INT64;
            case INT32 -> DataType.INT32;
            case BOOL -> DataType.BOOL;
            case STRING -> DataType.BYTES;
            case INT8, INT16, UINT8, FLOAT16, BFLOAT16, UNKNOWN -> throw new CapstanException(
                    ErrorCode.NOT_IMPLEMENTED,
                    "Tensor '%s' has ONNX type %s, which Capstan does not serve yet", name, type);
        };
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(session);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // nothing useful to do: the session's native memory is gone or going with the process
        }
    }
}
