package io.capstan.app;

import io.capstan.cli.DeploymentsCommand;
import io.capstan.cli.ExperimentsCommand;
import io.capstan.cli.ModelsCommand;
import io.capstan.cli.RunsCommand;
import io.capstan.cli.drift.DriftCommand;
import io.capstan.cli.validate.ValidateCommand;
import io.capstan.core.CapstanException;
import io.capstan.store.duckdb.DuckDbColumnScans;
import io.capstan.store.duckdb.DuckDbTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code capstan} command. */
@Command(name = "capstan", mixinStandardHelpOptions = true, version = "capstan 0.1.0",
        description = "Capstan: MLflow-compatible tracking, model registry and artifacts, in one Java server.",
        subcommands = {ServerCommand.class, ServeCommand.class, ExperimentsCommand.class, RunsCommand.class,
                ModelsCommand.class, DeploymentsCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.addSubcommand(new DriftCommand(new DuckDbTables(1), Runtime.getRuntime().availableProcessors()));
        commandLine.addSubcommand(new ValidateCommand(new DuckDbColumnScans(Runtime.getRuntime().availableProcessors())));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CapstanException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("capstan: " + e.getMessage());
                return 2;
            }
            // 1 means "not found" for the read commands; an unexpected failure must not look like that
            cmd.getErr().println("capstan: unexpected failure: " + e);
            e.printStackTrace(cmd.getErr());
            return 4;
        });
        System.exit(commandLine.execute(args));
    }
}
