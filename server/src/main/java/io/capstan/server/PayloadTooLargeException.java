package io.capstan.server;

/** A request body over a route's size limit; answered 413 in the route's protocol. */
public final class PayloadTooLargeException extends RuntimeException {
    private final int limit;

    public PayloadTooLargeException(int limit) {
        super("Request body exceeds the " + limit + "-byte limit");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
