package io.capstan.serving.spi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequence of maps from label to score, one map per row: what a scikit-learn classifier exported
 * with skl2onnx's default ZipMap gives as {@code output_probability}. Keys are the labels as text
 * (MLflow writes integer labels as JSON object keys, i.e. text, too).
 *
 * @param name not null
 * @param rows not null; each map keeps its iteration order; copied
 */
public record MapSequence(String name, List<Map<String, Double>> rows) implements ModelOutput {

    public MapSequence {
        requireNonNull(name, "name is null");
        List<Map<String, Double>> copy = new ArrayList<>(rows.size());
        for (Map<String, Double> row : rows) {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }
}
