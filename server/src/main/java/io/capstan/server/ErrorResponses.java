package io.capstan.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into MLflow's error shape
 * {@code {"error_code": ..., "message": ...}} and status. Unexpected failures are logged and
 * answered 500 without internals.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    static ObjectNode body(ErrorCode code, String message) {
        ObjectNode body = Exchange.object();
        body.put("error_code", code.name());
        body.put("message", message);
        return body;
    }

    static void answer(Exchange exchange, Throwable failure) {
        if (exchange.responded()) {
            LOG.warn("Failure after the response started for {} {}: {}", exchange.method(), exchange.path(),
                    failure.toString());
            return;
        }
        if (failure instanceof PayloadTooLargeException e) {
            try {
                exchange.json(413, body(ErrorCode.BAD_REQUEST, e.getMessage()));
            } catch (Exception sendFailure) {
                LOG.warn("Could not send the error response for {} {}: {}", exchange.method(), exchange.path(),
                        sendFailure.toString());
            }
            return;
        }
        ErrorCode code;
        String message;
        if (failure instanceof CapstanException e) {
            code = e.code();
            message = e.getMessage();
            if (code.httpStatus() >= 500) {
                LOG.error("{} {} failed: {}", exchange.method(), exchange.path(), message, e.getCause());
            }
        } else {
            code = ErrorCode.INTERNAL_ERROR;
            message = "Internal error while handling " + exchange.method() + " " + exchange.path();
            LOG.error("{} {} failed", exchange.method(), exchange.path(), failure);
        }
        try {
            exchange.json(code.httpStatus(), body(code, message));
        } catch (Exception e) {
            LOG.warn("Could not send the error response for {} {}: {}", exchange.method(), exchange.path(), e.toString());
        }
    }
}
