package io.capstan.server;

import io.capstan.core.ErrorCode;
import io.capstan.protocol.Json;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Answers what Jetty rejects before routing (malformed URIs, ambiguous encodings, oversized
 * headers) in MLflow's error shape instead of Jetty's HTML page, without internals.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** Jetty writes bodies only for GET/POST/HEAD by default; MLflow clients also PUT, PATCH, DELETE. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String message) {
        ErrorCode code = status == 404 ? ErrorCode.ENDPOINT_NOT_FOUND
                : status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        String text = message == null || message.isBlank() ? "HTTP " + status : message;
        try {
            return Json.mapper().writeValueAsBytes(ErrorResponses.body(code, text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an error body always serialises", e);
        }
    }
}
