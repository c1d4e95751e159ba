package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code capstan experiments show}: one experiment, by id or by name. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one experiment and its tags, by ID or by --name.")
public final class ShowExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    OutputOptions output;
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The experiment's ID.")
    String experimentId;
    @Option(names = "--name", paramLabel = "NAME", description = "Find the experiment by name instead.")
    String name;

    @Override
    public Integer call() {
        if ((experimentId == null) == (name == null)) {
            throw new ParameterException(spec.commandLine(), "Give either an experiment ID or --name, not both or neither");
        }
        return ServerCall.run(spec, server, output, (client, out) -> {
            JsonNode experiment = name != null ? client.getExperimentByName(name) : client.getExperiment(experimentId);
            if (out.json()) {
                out.json(experiment);
            } else {
                ExperimentTables.printDetail(experiment, out);
            }
        });
    }
}
