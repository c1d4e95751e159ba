package io.capstan.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The outcome of running one command in a test: exit status, stdout and stderr. */
record CommandRun(int exitCode, String out, String err) {
    /** Runs {@code command} with {@code args} as picocli's {@code execute} would from main. */
    static CommandRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** A tracking URI nothing listens on (a port just released). */
    static String deadUri() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
