package io.capstan.store.sql;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * SQLite's single writer. Callers queue work; one thread runs everything queued in one
 * transaction, each caller's work inside its own savepoint, then commits once and answers all of
 * them. A caller returns only after the commit, so an acknowledged write is on disk, and SQLite
 * never sees two writers ("database is locked" cannot happen).
 *
 * <p>The transaction is begun explicitly ({@code BEGIN IMMEDIATE}) when a group starts, on a
 * connection left in auto-commit mode between groups. The JDBC driver, with auto-commit off, would
 * begin the next transaction right after each commit and hold SQLite's write lock while idle, so a
 * second server on the same file could never write (not even migrate); this way the lock is held
 * only while a group runs, and another process waits its turn (busy timeout) instead.
 */
final class GroupCommitWriter implements AutoCloseable {
    private record Task<T>(SqlWork<T> work, CompletableFuture<T> result) {
    }

    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final SqliteConnections connections;
    private final int maxGroupSize;
    private final Thread thread;
    private volatile boolean closed;

    GroupCommitWriter(SqliteConnections connections, int maxGroupSize) {
        this.connections = connections;
        this.maxGroupSize = maxGroupSize;
        this.thread = Thread.ofPlatform().name("capstan-sqlite-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    <T> T submit(SqlWork<T> work) {
        if (closed) {
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The metadata store is shutting down");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(new Task<>(work, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Interrupted while waiting for a write");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof SQLException sql) {
                throw Database.storageFailure(sql);
            }
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, cause, "Write failed: " + cause);
        }
    }

    private void loop() {
        Connection connection = null;
        List<Task<?>> group = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                group.clear();
                Task<?> first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroupSize - 1);
                if (connection == null) {
                    connection = connections.open();
                }
                runGroup(connection, group);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (SQLException | RuntimeException e) {
                for (Task<?> task : group) {
                    task.result().completeExceptionally(e);
                }
                connection = reset(connection);
            }
        }
        reset(connection);
    }

    private void runGroup(Connection connection, List<Task<?>> group) throws SQLException {
        List<Object> results = new ArrayList<>(group.size());
        List<Throwable> failures = new ArrayList<>(group.size());
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            for (Task<?> task : group) {
                statement.execute("SAVEPOINT w");
                try {
                    results.add(task.work().run(connection));
                    failures.add(null);
                    statement.execute("RELEASE w");
                } catch (SQLException | RuntimeException e) {
                    statement.execute("ROLLBACK TO w");
                    statement.execute("RELEASE w");
                    results.add(null);
                    failures.add(e);
                }
            }
            statement.execute("COMMIT");
        }
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results.get(i), failures.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object result, Throwable failure) {
        if (failure != null) {
            task.result().completeExceptionally(failure);
        } else {
            task.result().complete((T) result);
        }
    }

    private static Connection reset(Connection connection) {
        if (connection != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // no transaction was open, or the connection is broken: it is thrown away either way
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
