package io.capstan.cli;

import picocli.CommandLine.Option;

/** The {@code --output} option, shared by every command that prints data. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormat.Converter.class, completionCandidates = OutputFormat.Names.class,
            description = "table (aligned columns, the default) or json (the server's objects).")
    OutputFormat format;
}
