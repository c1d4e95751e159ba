package io.capstan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code capstan models}: List, show and search registered models on a tracking server. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, show and search registered models on a tracking server.",
        subcommands = {ListModelsCommand.class, ShowModelCommand.class, SearchModelsCommand.class})
public final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: a usage error (exit status 2). */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, show or search");
    }
}
