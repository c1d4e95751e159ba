package io.capstan.monitoring.spi;

import java.util.Map;
import java.util.Set;

/**
 * The retrain commands the server operator configured (alert rules name them; a rule can never
 * bring its own command line). Thread-safe.
 */
public interface RetrainCommands {
    /** Returns the configured names. */
    Set<String> names();

    /**
     * Runs a command to completion (or its timeout) with these extra environment variables.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    Outcome run(String name, Map<String, String> environment);

    /**
     * How a run ended.
     *
     * @param succeeded exit status 0 within the timeout
     * @param output the end of its output (stdout and stderr), with the exit status or timeout
     */
    record Outcome(boolean succeeded, String output) {
    }

    /** No command configured. */
    RetrainCommands NONE = new RetrainCommands() {
        @Override
        public Set<String> names() {
            return Set.of();
        }

        @Override
        public Outcome run(String name, Map<String, String> environment) {
            throw new IllegalArgumentException("no retrain command '" + name + "' is configured");
        }
    };
}
