package io.capstan.monitoring.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.capstan.monitoring.drift.ColumnResult;
import io.capstan.monitoring.drift.DatasetDriftResult;
import io.capstan.monitoring.drift.DriftExtras;
import io.capstan.monitoring.drift.EffectSize;
import io.capstan.monitoring.drift.MissingValueDrift;
import io.capstan.monitoring.drift.SketchOptions;
import io.capstan.monitoring.drift.StatTest;
import io.capstan.monitoring.drift.SkippedColumn;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes a {@link DatasetDriftResult} as Capstan's drift report JSON, with Evidently's field names:
 *
 * <pre>{@code
 * {"dataset_drift": true, "drift_share": 0.5, "number_of_columns": 3, "number_of_drifted_columns": 2,
 *  "share_of_drifted_columns": 0.667, "reference_rows": 1000, "current_rows": 800,
 *  "columns": [{"column": "age", "column_type": "num", "stattest": "ks", "drift_score": 0.0012,
 *               "threshold": 0.05, "drift_detected": true, "reference_count": 1000,
 *               "current_count": 790, "reference_missing": 0, "current_missing": 10}, ...],
 *  "skipped_columns": [{"column": "comment", "column_type": "text", "reason": "..."}]}
 * }</pre>
 *
 * <p>Capstan's opt-in extras add fields only when they are on: {@code multiple_testing},
 * {@code missing_value_drift} and {@code sketch} at the top; per column {@code counts_as_drifted},
 * {@code adjusted_drift_score}, {@code drift_detected_adjusted}, {@code missing_drift}, {@code effect_size},
 * {@code sketch_estimate}, {@code drift_score_bounds} and {@code decision_certain} (docs/drift.md). Undefined effect sizes are null.
 *
 * <p>{@code drift_share} is the threshold on the share of drifted columns (Evidently's meaning);
 * {@code drift_score} is the test's p-value or distance, written as the string {@code "Infinity"} in
 * the one case it is infinite (KL divergence of disjoint bins), and {@code "NaN"} where the test is
 * undefined for the data, as Evidently reports it (a t-test of two constant samples; not drifted). Numbers are written with enough digits
 * to read back the same double. Stateless and thread-safe.
 */
public final class DriftReportJson {
    private static final JsonFactory JSON = new JsonFactory();

    private DriftReportJson() {
    }

    /** Writes the report to {@code out} (not closed). */
    public static void write(DatasetDriftResult result, Writer out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeBooleanField("dataset_drift", result.datasetDrift());
            json.writeNumberField("drift_share", result.driftShare());
            json.writeNumberField("number_of_columns", result.numberOfColumns());
            json.writeNumberField("number_of_drifted_columns", result.numberOfDriftedColumns());
            json.writeNumberField("share_of_drifted_columns", result.shareOfDriftedColumns());
            json.writeNumberField("reference_rows", result.referenceRows());
            json.writeNumberField("current_rows", result.currentRows());
            writeRunExtras(result, json);
            json.writeArrayFieldStart("columns");
            for (ColumnResult column : result.columns()) {
                json.writeStartObject();
                json.writeStringField("column", column.column());
                json.writeStringField("column_type", column.columnType().id());
                json.writeStringField("stattest", column.result().stattest());
                double score = column.result().score();
                if (Double.isFinite(score)) {
                    json.writeNumberField("drift_score", score);
                } else {
                    json.writeStringField("drift_score", Double.isNaN(score) ? "NaN" : score > 0 ? "Infinity"
                            : "-Infinity");
                }
                json.writeNumberField("threshold", column.result().threshold());
                json.writeBooleanField("drift_detected", column.result().drifted());
                json.writeNumberField("reference_count", column.referenceCount());
                json.writeNumberField("current_count", column.currentCount());
                json.writeNumberField("reference_missing", column.referenceMissing());
                json.writeNumberField("current_missing", column.currentMissing());
                writeColumnExtras(result, column, json);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("skipped_columns");
            for (SkippedColumn skipped : result.skipped()) {
                json.writeStartObject();
                json.writeStringField("column", skipped.column());
                json.writeStringField("column_type", skipped.columnType().id());
                json.writeStringField("reason", skipped.reason());
                writeMissing(skipped.missing(), json);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
    }

    /** Top-level fields of the opt-in extras; none when they are off. */
    private static void writeRunExtras(DatasetDriftResult result, JsonGenerator json) throws IOException {
        DriftExtras extras = result.extras();
        if (extras.correction() != null) {
            json.writeObjectFieldStart("multiple_testing");
            json.writeStringField("method", extras.correction().id());
            json.writeStringField("statsmodels_method", extras.correction().statsmodelsName());
            json.writeNumberField("number_of_tests", result.numberOfCorrectedTests());
            json.writeEndObject();
        }
        if (extras.missingDrift()) {
            json.writeObjectFieldStart("missing_value_drift");
            json.writeNumberField("threshold", extras.missingThreshold());
            json.writeBooleanField("counts_toward_dataset_drift", extras.countMissingDrift());
            json.writeNumberField("number_of_drifted_columns", result.numberOfMissingDriftColumns());
            json.writeEndObject();
        }
        if (result.sketch() != null) {
            json.writeObjectFieldStart("sketch");
            json.writeNumberField("k", result.sketch().k());
            json.writeNumberField("rank_error", result.sketch().rankError());
            json.writeNumberField("max_categories", result.sketch().maxCategories());
            json.writeNumberField("exact_values", SketchOptions.EXACT_VALUES);
            json.writeEndObject();
        }
    }

    private static void writeColumnExtras(DatasetDriftResult result, ColumnResult column, JsonGenerator json)
            throws IOException {
        DriftExtras extras = result.extras();
        if (extras.correction() != null || extras.countMissingDrift()) {
            json.writeBooleanField("counts_as_drifted", column.drifted());
        }
        if (column.corrected() != null) {
            json.writeNumberField("adjusted_drift_score", column.corrected().adjustedPValue());
            json.writeBooleanField("drift_detected_adjusted", column.corrected().drifted());
        }
        if (result.sketch() != null) {
            json.writeBooleanField("sketch_estimate", column.scoreBounds() != null);
            if (column.scoreBounds() != null) {
                json.writeArrayFieldStart("drift_score_bounds");
                number(json, column.scoreBounds().lower());
                number(json, column.scoreBounds().upper());
                json.writeEndArray();
                json.writeBooleanField("decision_certain", column.scoreBounds().decides(
                        StatTest.fromId(column.result().stattest()), column.result().threshold()));
            }
        }
        writeMissing(column.missing(), json);
        switch (column.effectSize()) {
            case null -> { }
            case EffectSize.Numerical n -> {
                json.writeObjectFieldStart("effect_size");
                field(json, "cohens_d", n.cohensD());
                field(json, "reference_mean", n.referenceMean());
                field(json, "current_mean", n.currentMean());
                field(json, "mean_shift", n.meanShift());
                field(json, "reference_median", n.referenceMedian());
                field(json, "current_median", n.currentMedian());
                field(json, "median_shift", n.medianShift());
                field(json, "reference_std", n.referenceStd());
                field(json, "current_std", n.currentStd());
                field(json, "std_shift", n.stdShift());
                json.writeEndObject();
            }
            case EffectSize.Categorical c -> {
                json.writeObjectFieldStart("effect_size");
                field(json, "cramers_v", c.cramersV());
                json.writeObjectFieldStart("largest_share_change");
                json.writeStringField("value", c.largestChangeValue());
                field(json, "reference_share", c.largestChangeReferenceShare());
                field(json, "current_share", c.largestChangeCurrentShare());
                field(json, "change", c.largestShareChange());
                json.writeEndObject();
                json.writeEndObject();
            }
        }
    }

    private static void writeMissing(MissingValueDrift missing, JsonGenerator json) throws IOException {
        if (missing == null) {
            return;
        }
        json.writeObjectFieldStart("missing_drift");
        json.writeStringField("stattest", missing.stattest());
        json.writeNumberField("p_value", missing.pValue());
        json.writeNumberField("threshold", missing.threshold());
        json.writeBooleanField("drift_detected", missing.drifted());
        json.writeNumberField("reference_share", missing.referenceShare());
        json.writeNumberField("current_share", missing.currentShare());
        if (missing.corrected() != null) {
            json.writeNumberField("adjusted_p_value", missing.corrected().adjustedPValue());
            json.writeBooleanField("drift_detected_adjusted", missing.corrected().drifted());
        }
        json.writeEndObject();
    }

    /** A number, or null when it is undefined (NaN) or infinite. */
    private static void field(JsonGenerator json, String name, double value) throws IOException {
        json.writeFieldName(name);
        number(json, value);
    }

    private static void number(JsonGenerator json, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumber(value);
        } else {
            json.writeNull();
        }
    }

    /** Returns the report as a string. */
    public static String toJson(DatasetDriftResult result) {
        StringWriter out = new StringWriter();
        try {
            write(result, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
