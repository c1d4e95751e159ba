package io.capstan.server;

import io.capstan.core.ErrorCode;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The HTTP server: Jetty with one small selector set, request handlers on virtual threads (a
 * request blocked on the SQLite writer costs no platform thread), and the {@link Router}.
 */
public final class CapstanServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;

    /**
     * @param maxConcurrentRequests requests handled at once; more wait in Jetty's queue
     */
    public CapstanServer(String host, int port, int maxConcurrentRequests, Router router) {
        Objects.requireNonNull(router, "router is null");
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, maxConcurrentRequests), 2);
        threads.setName("capstan-http");
        threads.setReservedThreads(0);
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
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
            callback.succeeded();
            return true;
        }
    }
}
