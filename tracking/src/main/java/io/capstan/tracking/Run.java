package io.capstan.tracking;

import java.util.List;
import java.util.Objects;

/**
 * A run as clients see it: attributes, the latest value of each metric, params, tags, inputs and
 * outputs. Never carries metric history.
 */
public record Run(RunInfo info, List<Metric> latestMetrics, List<Param> params, List<Tag> tags,
                  List<DatasetInput> datasetInputs, List<ModelInput> modelInputs,
                  List<ModelOutput> modelOutputs) {
    public Run {
        Objects.requireNonNull(info, "info is null");
        latestMetrics = List.copyOf(latestMetrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
        datasetInputs = List.copyOf(datasetInputs);
        modelInputs = List.copyOf(modelInputs);
        modelOutputs = List.copyOf(modelOutputs);
    }
}
