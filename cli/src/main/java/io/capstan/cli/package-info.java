/**
 * The {@code capstan experiments|runs|models} commands: picocli commands that read a running
 * server through {@link io.capstan.client.CapstanClient} and print tables or the server's JSON.
 *
 * <p>Shape: one command class per subcommand ({@code ListRunsCommand}, {@code ShowModelCommand} …)
 * under one group per capability ({@link io.capstan.cli.RunsCommand} …); the options every command
 * shares are picocli mixins ({@code ServerOptions}, {@code OutputOptions}, {@code SearchOptions});
 * what a table shows is declared per capability ({@code RunTables} …); and one class,
 * {@code ServerCall}, turns failures into a message on stderr and an exit status.
 *
 * <p>Data goes to stdout, messages to stderr. Exit statuses ({@code ExitStatus}): 0 ok,
 * 1 not found, 2 usage or bad input, 3 server unreachable, 4 any other server error. Scripts can
 * branch on them without parsing messages.
 */
package io.capstan.cli;
