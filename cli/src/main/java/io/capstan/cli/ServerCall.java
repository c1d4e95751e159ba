package io.capstan.cli;

import io.capstan.client.CapstanClient;
import io.capstan.client.CapstanClientException;
import io.capstan.client.ServerUnreachableException;
import io.capstan.core.CapstanException;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Runs one command's work against the server and turns the outcome into an exit status: the one
 * place where failures become a message on stderr ({@code capstan: ...}) and a code.
 */
final class ServerCall {
    /** The work of one command. */
    @FunctionalInterface
    interface Work {
        void run(CapstanClient client, Output output);
    }

    private ServerCall() {
    }

    /**
     * Connects to the server the options name and runs {@code work}.
     *
     * @return the exit status: 0 when the work completed, otherwise per {@link ExitStatus}
     */
    static int run(CommandSpec spec, ServerOptions server, OutputOptions output, Work work) {
        return run(spec, server, output, System.getenv(), work);
    }

    /** Same, reading the default server from {@code env} (for tests). */
    static int run(CommandSpec spec, ServerOptions server, OutputOptions output, Map<String, String> env, Work work) {
        PrintWriter err = spec.commandLine().getErr();
        Output out = new Output(output.format, spec.commandLine().getOut(), err);
        try (CapstanClient client = new CapstanClient(parse(server.chosenTrackingUri(env)))) {
            work.run(client, out);
            return ExitStatus.OK.code();
        } catch (CapstanClientException e) {
            err.println("capstan: " + e.getMessage() + " (" + e.errorCode() + ")");
            return ExitStatus.forErrorCode(e.errorCode()).code();
        } catch (ServerUnreachableException e) {
            err.println("capstan: " + e.getMessage());
            err.println("capstan: is the server running? Point at it with --tracking-uri or $"
                    + ServerOptions.MLFLOW_ENV + ".");
            return ExitStatus.UNREACHABLE.code();
        } catch (CapstanException e) {
            err.println("capstan: " + e.getMessage());
            return ExitStatus.forErrorCode(e.code().name()).code();
        } finally {
            out.flush();
        }
    }

    private static URI parse(String trackingUri) {
        try {
            return new URI(trackingUri);
        } catch (URISyntaxException e) {
            throw CapstanException.invalid("Tracking URI is not a URL: %s", e.getMessage());
        }
    }
}
