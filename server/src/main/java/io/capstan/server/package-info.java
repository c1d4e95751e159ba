/**
 * The only module that knows the HTTP framework (Jetty 12 core handlers). One {@code *Routes}
 * class per capability: each route reads the wire input ({@link io.capstan.server.WireInput}),
 * calls one service method and writes the result. Failures become MLflow's error shape in one
 * place ({@code ErrorResponses}).
 *
 * <p>{@code UiRoutes} serves the web UI's static files. They are built by the {@code ui} module
 * into their own jar ({@code capstan-ui/} on the classpath) rather than into this module's jar:
 * this module's tests then need no Node.js, and {@code app} wires the files in explicitly like
 * every other route's dependency.
 */
package io.capstan.server;
