package io.capstan.serving.scoring;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code /invocations} payload, before it meets a model: a data frame (from
 * {@code dataframe_split}, {@code dataframe_records} or CSV), one unnamed array, or arrays by
 * input name ({@code instances}/{@code inputs}).
 */
public sealed interface ScoringInput {

    /**
     * A pandas-like data frame: column names and rows of JSON scalars (numbers, text, booleans,
     * null for a missing value).
     *
     * @param columns not null; copied
     * @param rows not null; every row has one value per column; copied
     */
    record Frame(List<String> columns, List<List<JsonNode>> rows) implements ScoringInput {
        public Frame {
            columns = List.copyOf(columns);
            List<List<JsonNode>> copy = new ArrayList<>(rows.size());
            for (List<JsonNode> row : rows) {
                copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
            }
            rows = Collections.unmodifiableList(copy);
        }
    }

    /**
     * One unnamed, possibly nested array: a numpy array in MLflow's terms.
     *
     * @param values a JSON array or scalar; not null
     */
    record Array(JsonNode values) implements ScoringInput {
        public Array {
            requireNonNull(values, "values is null");
        }
    }

    /**
     * Arrays by input name: a dict of numpy arrays in MLflow's terms.
     *
     * @param values not null; insertion order kept; copied
     * @param fromRows whether the payload was TF serving's row format ({@code [{name: value}, ...]}),
     *     which MLflow checks later than a dict and reports with another error code
     */
    record Named(Map<String, JsonNode> values, boolean fromRows) implements ScoringInput {
        public Named {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }
}
