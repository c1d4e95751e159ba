package io.capstan.server;

import io.capstan.core.ErrorCode;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The HTTP server: Jetty with one small selector set, request handlers on virtual or platform
 * threads ({@link Handlers}), and the {@link Router}.
 */
public final class CapstanServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;

    /** Which threads run request handlers. */
    public enum Handlers {
        /**
         * A virtual thread per request: a request blocked on the SQLite writer or a slow store costs
         * no platform thread. Every request is handed from the selector to a new thread.
         */
        VIRTUAL_THREADS,
        /**
         * Jetty's pooled platform threads: the thread that read a request runs it while a spare
         * thread takes over the selector, so no hand-off sits on a request's path. For short,
         * CPU-bound handlers (inference): on an idle 2-core VM the hand-off to a virtual thread
         * cost about 80 µs of a batch-1 inference's 110 µs median (29 µs without it).
         */
        PLATFORM_THREADS
    }

    /** A server with handlers on virtual threads. */
    public CapstanServer(String host, int port, int maxConcurrentRequests, Router router) {
        this(host, port, maxConcurrentRequests, router, Handlers.VIRTUAL_THREADS);
    }

    /**
     * @param maxConcurrentRequests requests handled at once; more wait in Jetty's queue
     * @param handlers which threads run the handlers; not null
     */
    public CapstanServer(String host, int port, int maxConcurrentRequests, Router router, Handlers handlers) {
        Objects.requireNonNull(router, "router is null");
        Objects.requireNonNull(handlers, "handlers is null");
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, maxConcurrentRequests), 2);
        threads.setName("capstan-http");
        switch (handlers) {
            case VIRTUAL_THREADS -> {
                threads.setReservedThreads(0);
                threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
            }
            case PLATFORM_THREADS -> {
                // Jetty's default: reserved threads let the reading thread run the request itself
            }
        }
        jetty = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(false);
        config.setRequestHeaderSize(64 * 1024);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(300_000);
        jetty.addConnector(connector);
        jetty.setHandler(new Dispatch(router));
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(5_000);
    }

    public void start() throws Exception {
        jetty.start();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }

    /**
     * The decoded path. Jetty reads {@code ;} in a path as the start of path parameters and drops them
     * ({@code artifacts/x/a;b.txt} would be {@code artifacts/x/a}); MLflow's server takes it literally,
     * and so does this one: the semicolons are decoded as characters of the path.
     */
    static String path(org.eclipse.jetty.http.HttpURI uri) {
        String raw = uri.getPath();
        if (raw == null || raw.indexOf(';') < 0) {
            return uri.getDecodedPath();
        }
        return org.eclipse.jetty.util.URIUtil.decodePath(raw.replace(";", "%3B"));
    }

    private static final class Dispatch extends Handler.Abstract {
        /** The most of an unread request body read to keep its connection open. */
        private static final long DRAIN_LIMIT = 1 << 20;

        private final Router router;

        Dispatch(Router router) {
            this.router = router;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = path(request.getHttpURI());
            Exchange exchange = new Exchange(request, response, path == null ? "/" : path);
            try {
                Optional<Router.Match> match = router.match(request.getMethod(), exchange.path());
                if (match.isPresent()) {
                    exchange.pathParams(match.get().pathParams());
                    match.get().handler().handle(exchange);
                } else if (router.knowsPath(exchange.path())) {
                    exchange.json(405, ErrorResponses.body(ErrorCode.ENDPOINT_NOT_FOUND,
                            "Method " + request.getMethod() + " is not allowed for " + exchange.path()));
                } else {
                    exchange.json(404, ErrorResponses.body(ErrorCode.ENDPOINT_NOT_FOUND,
                            "No API endpoint " + request.getMethod() + " " + exchange.path()));
                }
            } catch (Throwable failure) {
                ErrorResponses.answer(exchange, failure);
            }
            drainUnread(request);
            callback.succeeded();
            return true;
        }

        /**
         * Reads what is left of a request body the route did not read (a 404, a 405, a request refused
         * before its body was parsed), up to {@link #DRAIN_LIMIT}. Jetty otherwise closes the connection
         * when the body arrives after the answer, without saying so in the answer, and a client that
         * sends its body after its headers (Java's HttpClient does) fails its next request on that
         * connection. A bigger rest is left to Jetty, which closes the connection.
         */
        private static void drainUnread(Request request) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] buffer = new byte[8192];
                long read = 0;
                int n;
                while (read < DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
                    read += n;
                }
            } catch (IOException | RuntimeException e) {
                // the client went away or the body was consumed otherwise; Jetty decides about the connection
            }
        }
    }
}
