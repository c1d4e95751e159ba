package io.capstan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code capstan experiments}: List, show and search experiments on a tracking server. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = "List, show and search experiments on a tracking server.",
        subcommands = {ListExperimentsCommand.class, ShowExperimentCommand.class, SearchExperimentsCommand.class})
public final class ExperimentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: a usage error (exit status 2). */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, show or search");
    }
}
