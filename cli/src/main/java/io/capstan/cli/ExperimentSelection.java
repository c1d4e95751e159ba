package io.capstan.cli;

import io.capstan.client.CapstanClient;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Which experiments a run search covers: by ID or by name (one kind, repeatable or comma-separated). */
final class ExperimentSelection {
    @Option(names = "--experiment-id", required = true, split = ",", paramLabel = "ID",
            description = "Experiment ID to search; repeatable or comma-separated.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--experiment-name", required = true, paramLabel = "NAME",
            description = "Experiment name to search; repeatable.")
    List<String> names = new ArrayList<>();

    /**
     * The IDs given, or the IDs of the experiments named.
     *
     * @throws io.capstan.client.CapstanClientException RESOURCE_DOES_NOT_EXIST for an unknown name
     */
    List<String> experimentIds(CapstanClient client) {
        if (!ids.isEmpty()) {
            return List.copyOf(ids);
        }
        return names.stream().map(name -> Cells.text(client.getExperimentByName(name), "experiment_id")).toList();
    }
}
