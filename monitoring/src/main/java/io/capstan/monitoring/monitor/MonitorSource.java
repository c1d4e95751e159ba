package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;

/** What a monitor watches: a deployment's served traffic, or a dataset windowed by a timestamp column. */
public sealed interface MonitorSource {

    /**
     * The requests a deployment answered (from the server's inference log), shadow copies excluded.
     *
     * @param deployment the deployment's name; not blank
     */
    record Deployment(String deployment) implements MonitorSource {
        public Deployment {
            requireNonNull(deployment, "deployment is null");
            if (deployment.isBlank()) {
                throw CapstanException.invalid("'source.deployment' must name a deployment");
            }
        }
    }

    /**
     * Rows of a CSV or Parquet dataset (one file or a glob), windowed by a timestamp column.
     *
     * @param path a file or a glob of files; not blank
     * @param timestampColumn the column that places each row in a window; not blank
     */
    record Dataset(String path, String timestampColumn) implements MonitorSource {
        public Dataset {
            requireNonNull(path, "path is null");
            requireNonNull(timestampColumn, "timestampColumn is null");
            if (path.isBlank()) {
                throw CapstanException.invalid("'source.path' must name a CSV or Parquet file");
            }
            if (timestampColumn.isBlank()) {
                throw CapstanException.invalid("'source.timestamp_column' must name a column");
            }
        }
    }
}
