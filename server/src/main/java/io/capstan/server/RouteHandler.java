package io.capstan.server;

/** Handles one matched request. May throw; {@link ErrorResponses} answers for it. */
@FunctionalInterface
public interface RouteHandler {
    void handle(Exchange exchange) throws Exception;
}
