package io.capstan.serving.xgboost;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.Tensor;
import io.capstan.serving.spi.TensorSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A {@link ModelRuntime} over an XGBoost4J {@link Booster}: one input {@code input}, FP32 (FP64 is
 * taken and narrowed, as XGBoost does), shape {@code [-1, features]}, NaN for missing values. The
 * outputs follow the class MLflow logged: a scikit-learn {@code XGBClassifier} answers
 * {@code label} (INT64, what {@code predict} gives) and {@code probabilities} (FP32 rows,
 * {@code predict_proba}); any other model answers {@code predictions} (FP32, {@code predict}).
 *
 * <p>Thread-safe: XGBoost's C predict path is safe to call concurrently (since 1.4); a read-write
 * lock keeps {@link #close} from freeing the booster under a running prediction.
 */
public final class XgboostModelRuntime implements ModelRuntime {
    /** The platform string in OIP metadata; XGBoost has no standard one. */
    public static final String PLATFORM = "xgboost";
    public static final String INPUT = "input";

    private final Booster booster;
    private final ModelMetadata metadata;
    private final boolean classifier;
    private final int features;
    private final int classes;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private XgboostModelRuntime(Booster booster, boolean classifier, int features, int classes) {
        this.booster = booster;
        this.classifier = classifier;
        this.features = features;
        this.classes = classes;
        List<TensorSpec> inputs = List.of(new TensorSpec(INPUT, DataType.FP32, new long[] {-1, features}));
        List<TensorSpec> outputs = classifier
                ? List.of(new TensorSpec("label", DataType.INT64, new long[] {-1}),
                        new TensorSpec("probabilities", DataType.FP32, new long[] {-1, Math.max(classes, 2)}))
                : List.of(new TensorSpec("predictions", DataType.FP32,
                        classes > 1 ? new long[] {-1, classes} : new long[] {-1}));
        this.metadata = new ModelMetadata(PLATFORM, inputs, outputs);
    }

    /**
     * Loads a model file MLflow's xgboost flavor wrote.
     *
     * @param modelClass the flavor's {@code model_class}, e.g. {@code xgboost.sklearn.XGBClassifier}
     * @throws CapstanException INVALID_PARAMETER_VALUE when XGBoost cannot read the file
     */
    public static XgboostModelRuntime load(Path file, String modelClass) {
        requireNonNull(file, "file is null");
        Booster booster;
        try {
            booster = XGBoost.loadModel(file.toString());
        } catch (XGBoostError e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    "Cannot load XGBoost model '" + file.getFileName() + "': " + e.getMessage());
        }
        try {
            restoreIntercept(booster, file);
            JsonNode learner = JsonMapper.builder().build()
                    .readTree(new String(booster.toByteArray("json"), StandardCharsets.UTF_8)).path("learner");
            String objective = learner.path("objective").path("name").asText("");
            int classes = learner.path("learner_model_param").path("num_class").asInt(0);
            int features = (int) booster.getNumFeature();
            boolean classifier = modelClass != null && modelClass.endsWith("XGBClassifier");
            if (classifier && !(objective.startsWith("binary:") || objective.startsWith("multi:"))) {
                throw CapstanException.invalid("XGBClassifier with objective '%s' is not served yet", objective);
            }
            return new XgboostModelRuntime(booster, classifier, features, objective.startsWith("binary:") ? 2 : classes);
        } catch (XGBoostError | IOException | RuntimeException e) {
            booster.dispose();
            if (e instanceof CapstanException ce) {
                throw ce;
            }
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    "Cannot read XGBoost model configuration: " + e.getMessage());
        }
    }

    /**
     * XGBoost 3.1+ writes the intercept as a vector ({@code "base_score": "[1.52E2]"}), which
     * XGBoost4J 3.0.4 — the newest that resolves here — cannot parse: it falls back to 0.5 and
     * every prediction of a regressor is off by a constant. The value is read from the file and set
     * again; several different intercepts (multi-target) are refused rather than served wrong.
     */
    static void restoreIntercept(Booster booster, Path file) throws IOException, XGBoostError {
        String value = fileBaseScore(java.nio.file.Files.readAllBytes(file));
        if (value == null || !value.startsWith("[")) {
            return;
        }
        String[] parts = value.substring(1, value.length() - 1).split(",");
        float first = Float.parseFloat(parts[0].strip());
        for (String part : parts) {
            // one intercept per class or target: equal ones are one intercept (softmax ignores a shared shift)
            if (Float.parseFloat(part.strip()) != first) {
                throw CapstanException.invalid("XGBoost model has %d different intercepts %s, which XGBoost4J %s "
                        + "cannot represent; not served yet", parts.length, value, "3.0.4");
            }
        }
        booster.setParam("base_score", Float.toString(first));
    }

    /** The {@code base_score} string of a UBJSON or JSON model file, or null. */
    static String fileBaseScore(byte[] model) {
        byte[] key = "base_score".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length < model.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (model[i + k] != key[k]) {
                    continue outer;
                }
            }
            int at = i + key.length;
            if (model[at] == 'S' && at + 2 < model.length) { // UBJSON: S, a length marker, the length, the bytes
                int width = switch (model[at + 1]) {
                    case 'i', 'U' -> 1;
                    case 'I' -> 2;
                    case 'l' -> 4;
                    case 'L' -> 8;
                    default -> -1;
                };
                if (width < 0 || at + 2 + width > model.length) {
                    return null;
                }
                long length = 0;
                for (int b = 0; b < width; b++) {
                    length = (length << 8) | (model[at + 2 + b] & 0xff);
                }
                int start = at + 2 + width;
                return length < 0 || start + length > model.length ? null
                        : new String(model, start, (int) length, StandardCharsets.US_ASCII);
            }
            // JSON: "base_score":"[1.5E2]"
            String rest = new String(model, at, Math.min(64, model.length - at), StandardCharsets.US_ASCII);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\\"?\\s*:\\s*\\\"([^\\\"]*)\\\"").matcher(rest);
            return m.find() ? m.group(1) : null;
        }
        return null;
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
        requireNonNull(inputs, "inputs is null");
        requireNonNull(outputs, "outputs is null");
        Tensor input = inputs.get(INPUT);
        if (input == null || inputs.size() != 1) {
            throw CapstanException.invalid("The model takes one input '%s' (FP32 [-1, %d]); got %s", INPUT, features,
                    inputs.keySet());
        }
        long[] shape = input.shape();
        if (shape.length != 2 || shape[1] != features) {
            throw CapstanException.invalid("Input '%s' has shape %s; the model expects [-1, %d] (-1 = any size)",
                    INPUT, Arrays.toString(shape), features);
        }
        float[] data = switch (input.datatype()) {
            case FP32 -> input.floats();
            case FP64 -> {
                double[] d = input.doubles();
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                yield f;
            }
            case BOOL, INT32, INT64, BYTES -> throw CapstanException.invalid("Input '%s' must be FP32, got %s",
                    INPUT, input.datatype());
        };
        for (String name : outputs) {
            if (metadata.output(name).isEmpty()) {
                throw CapstanException.invalid("Unknown output '%s'; the model's outputs are %s", name,
                        metadata.outputs());
            }
        }
        int rows = (int) shape[0];
        float[][] raw = predict(data, rows);
        Map<String, Tensor> all = answer(raw, rows);
        if (outputs.isEmpty()) {
            return all;
        }
        Map<String, Tensor> wanted = new LinkedHashMap<>();
        all.forEach((name, tensor) -> {
            if (outputs.contains(name)) {
                wanted.put(name, tensor);
            }
        });
        return wanted;
    }

    private float[][] predict(float[] data, int rows) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Model is unloaded");
            }
            if (rows == 0) {
                return new float[0][];
            }
            DMatrix matrix = new DMatrix(data, rows, features, Float.NaN);
            try {
                return booster.predict(matrix);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "XGBoost failed: " + e.getMessage());
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** predict / predict_proba as scikit-learn's XGBoost wrapper answers them. */
    private Map<String, Tensor> answer(float[][] raw, int rows) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int width = rows == 0 ? (classifier ? Math.max(classes, 2) : 1) : raw[0].length;
        if (!classifier) {
            float[] flat = flatten(raw, width);
            long[] shape = width == 1 ? new long[] {rows} : new long[] {rows, width};
            out.put("predictions", new Tensor("predictions", DataType.FP32, shape, flat));
            return out;
        }
        int k = Math.max(classes, 2);
        float[] probabilities = new float[rows * k];
        long[] labels = new long[rows];
        for (int r = 0; r < rows; r++) {
            if (raw[r].length == 1) { // binary: the positive class's probability
                float p = raw[r][0];
                probabilities[2 * r] = 1 - p;
                probabilities[2 * r + 1] = p;
                labels[r] = p > 0.5f ? 1 : 0;
            } else {
                int best = 0;
                for (int c = 0; c < k; c++) {
                    probabilities[r * k + c] = raw[r][c];
                    if (raw[r][c] > raw[r][best]) {
                        best = c;
                    }
                }
                labels[r] = best;
            }
        }
        out.put("label", Tensor.ofLongs("label", new long[] {rows}, labels));
        out.put("probabilities", Tensor.ofFloats("probabilities", new long[] {rows, k}, probabilities));
        return out;
    }

    private static float[] flatten(float[][] raw, int width) {
        float[] flat = new float[raw.length * width];
        for (int r = 0; r < raw.length; r++) {
            System.arraycopy(raw[r], 0, flat, r * width, width);
        }
        return flat;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                booster.dispose();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
