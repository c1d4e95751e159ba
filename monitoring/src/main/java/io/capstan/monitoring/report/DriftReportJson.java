package io.capstan.monitoring.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.capstan.monitoring.drift.ColumnResult;
import io.capstan.monitoring.drift.DatasetDriftResult;
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
 * <p>{@code drift_share} is the threshold on the share of drifted columns (Evidently's meaning);
 * {@code drift_score} is the test's p-value or distance, written as the string {@code "Infinity"} in
 * the one case it is infinite (KL divergence of disjoint bins). Numbers are written with enough digits
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
                    json.writeStringField("drift_score", score > 0 ? "Infinity" : "-Infinity");
                }
                json.writeNumberField("threshold", column.result().threshold());
                json.writeBooleanField("drift_detected", column.result().drifted());
                json.writeNumberField("reference_count", column.referenceCount());
                json.writeNumberField("current_count", column.currentCount());
                json.writeNumberField("reference_missing", column.referenceMissing());
                json.writeNumberField("current_missing", column.currentMissing());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("skipped_columns");
            for (SkippedColumn skipped : result.skipped()) {
                json.writeStartObject();
                json.writeStringField("column", skipped.column());
                json.writeStringField("column_type", skipped.columnType().id());
                json.writeStringField("reason", skipped.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
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
