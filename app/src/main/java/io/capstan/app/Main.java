package io.capstan.app;

import io.capstan.cli.DeploymentsCommand;
import io.capstan.cli.ExperimentsCommand;
import io.capstan.cli.AlertsCommand;
import io.capstan.cli.ModelsCommand;
import io.capstan.cli.MonitorsCommand;
import io.capstan.cli.RetrainRequestsCommand;
import io.capstan.cli.RunsCommand;
import io.capstan.cli.drift.DriftCommand;
import io.capstan.cli.validate.ValidateCommand;
import io.capstan.core.CapstanException;
import io.capstan.store.duckdb.DuckDbColumnScans;
import io.capstan.store.duckdb.DuckDbScanner;
import io.capstan.store.duckdb.DuckDbTables;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code capstan} command. */
@Command(name = "capstan", mixinStandardHelpOptions = true, version = "capstan 0.1.0",
        description = "Capstan: one Java platform for the MLOps loop: MLflow-compatible tracking, registry and artifacts;"
                + " model serving and deployments; drift, data validation, monitors and alerts.",
        subcommands = {ServerCommand.class, ServeCommand.class, ExperimentsCommand.class, RunsCommand.class,
                ModelsCommand.class, DeploymentsCommand.class, MonitorsCommand.class, AlertsCommand.class,
                RetrainRequestsCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        // picocli reflects over every option of every command to build the model (0.15 s of a 1.7 s
        // validation of 10M rows); the two data commands, run on big files from scripts, get only their own
        if (args.length > 0 && (args[0].equals("drift") || args[0].equals("validate"))) {
            CommandLine single = new CommandLine(args[0].equals("drift") ? drift() : validate());
            single.getCommandSpec().name("capstan " + args[0]);
            single.setExecutionExceptionHandler(Main::failure);
            System.exit(single.execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.addSubcommand(drift());
        commandLine.addSubcommand(validate());
        commandLine.setExecutionExceptionHandler(Main::failure);
        System.exit(commandLine.execute(args));
    }

    private static DriftCommand drift() {
        return new DriftCommand(new DuckDbTables(1), new DuckDbScanner(1), Runtime.getRuntime().availableProcessors(),
                InferenceLogTraffic::ofDirectory);
    }

    private static ValidateCommand validate() {
        return new ValidateCommand(new DuckDbColumnScans(Runtime.getRuntime().availableProcessors()));
    }

    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof CapstanException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("capstan: " + e.getMessage());
            return 2;
        }
        // 1 means "not found" for the read commands; an unexpected failure must not look like that
        cmd.getErr().println("capstan: unexpected failure: " + e);
        e.printStackTrace(cmd.getErr());
        return 4;
    }
}
