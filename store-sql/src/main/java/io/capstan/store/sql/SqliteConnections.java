package io.capstan.store.sql;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/** Makes SQLite connections with Capstan's pragmas: WAL, busy timeout, durability level. */
final class SqliteConnections {
    private final SQLiteDataSource dataSource;

    SqliteConnections(String url, DatabaseOptions options) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(options.sqliteSynchronous()));
        config.setBusyTimeout(30_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-32_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
    }

    SQLiteDataSource dataSource() {
        return dataSource;
    }

    Connection open() throws SQLException {
        return dataSource.getConnection();
    }
}
