package io.capstan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code capstan runs}: List, show and search runs on a tracking server. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List, show and search runs on a tracking server.",
        subcommands = {ListRunsCommand.class, ShowRunCommand.class, SearchRunsCommand.class})
public final class RunsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: a usage error (exit status 2). */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, show or search");
    }
}
