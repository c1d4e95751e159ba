/**
 * The only module that knows the HTTP framework (Jetty 12 core handlers). One {@code *Routes}
 * class per capability: each route reads the wire input ({@link io.capstan.server.WireInput}),
 * calls one service method and writes the result. Failures become MLflow's error shape in one
 * place ({@code ErrorResponses}).
 */
package io.capstan.server;
