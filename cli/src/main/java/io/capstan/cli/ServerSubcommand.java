package io.capstan.cli;

import io.capstan.client.CapstanClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that does its work against a server: it takes the server options
 * ({@code --tracking-uri}) and the output options ({@code -o table|json}), and {@link ServerCall}
 * turns its outcome into the exit status. Subclasses say what they do in {@link #run}.
 */
abstract class ServerSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    OutputOptions output;

    @Override
    public final Integer call() {
        return ServerCall.run(spec, server, output, this::run);
    }

    /** Does the command's work with a client of the server, printing to {@code out}. */
    abstract void run(CapstanClient client, Output out);
}
