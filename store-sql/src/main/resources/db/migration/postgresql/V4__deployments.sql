-- Deployment specs (serving's DeploymentStore), shared by every server on this database. Keep in
-- step with ../sqlite/V4__deployments.sql. A spec is one row here plus its traffic split in
-- order; the rollback columns are all null or all set. Durations are integers (nanoseconds,
-- milliseconds), so a spec reads back exactly equal and replicas never see a change that is not.
CREATE TABLE deployments (
    name TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    alias TEXT,
    shadow_version TEXT,
    sticky_header TEXT,
    rollback_max_error_rate DOUBLE PRECISION,
    rollback_max_p99_nanos BIGINT,
    rollback_window_millis BIGINT,
    rollback_consecutive_windows INTEGER,
    rollback_min_requests INTEGER
);

CREATE TABLE deployment_traffic (
    deployment_name TEXT NOT NULL,
    position INTEGER NOT NULL,
    version TEXT NOT NULL,
    weight INTEGER NOT NULL,
    PRIMARY KEY (deployment_name, position)
);
