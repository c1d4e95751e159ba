-- Capstan metadata schema, SQLite dialect. Keep in step with ../postgresql/V1__init.sql.
-- Tables keyed by text or composite keys are WITHOUT ROWID: one b-tree per insert instead of two.
CREATE TABLE experiments (
    experiment_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    artifact_location TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    creation_time BIGINT NOT NULL,
    last_update_time BIGINT NOT NULL
);

CREATE TABLE experiment_tags (
    experiment_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (experiment_id, key)
) WITHOUT ROWID;

CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    experiment_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    start_time BIGINT NOT NULL,
    end_time BIGINT,
    artifact_uri TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    deleted_time BIGINT
) WITHOUT ROWID;
CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time DESC, run_id);

CREATE TABLE run_params (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX run_params_key_value ON run_params (key, value);

CREATE TABLE run_tags (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX run_tags_key_value ON run_tags (key, value);

-- Metric history. NaN is stored as value 0 with is_nan = 1 (SQLite turns NaN into NULL), so an
-- exact duplicate point, NaN included, hits the primary key and is ignored, as in MLflow.
CREATE TABLE metrics (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    step BIGINT NOT NULL,
    timestamp BIGINT NOT NULL,
    value REAL NOT NULL,
    is_nan SMALLINT NOT NULL,
    PRIMARY KEY (run_id, key, step, timestamp, value, is_nan)
);

-- The latest point per (run, key): max (step, timestamp, value). What runs/get returns and what
-- search filters and sorts compare.
CREATE TABLE latest_metrics (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    step BIGINT NOT NULL,
    timestamp BIGINT NOT NULL,
    value REAL NOT NULL,
    is_nan SMALLINT NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);

CREATE TABLE datasets (
    dataset_id TEXT PRIMARY KEY,
    experiment_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    digest TEXT NOT NULL,
    source_type TEXT NOT NULL,
    source TEXT NOT NULL,
    schema TEXT,
    profile TEXT,
    UNIQUE (experiment_id, name, digest)
) WITHOUT ROWID;

CREATE TABLE run_dataset_inputs (
    run_id TEXT NOT NULL,
    dataset_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (run_id, dataset_id)
) WITHOUT ROWID;
CREATE INDEX run_dataset_inputs_dataset ON run_dataset_inputs (dataset_id);

CREATE TABLE run_dataset_input_tags (
    run_id TEXT NOT NULL,
    dataset_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, dataset_id, key)
) WITHOUT ROWID;

CREATE TABLE run_model_inputs (
    run_id TEXT NOT NULL,
    model_id TEXT NOT NULL,
    PRIMARY KEY (run_id, model_id)
) WITHOUT ROWID;

CREATE TABLE run_model_outputs (
    run_id TEXT NOT NULL,
    model_id TEXT NOT NULL,
    step BIGINT NOT NULL,
    PRIMARY KEY (run_id, model_id, step)
) WITHOUT ROWID;

CREATE TABLE logged_models (
    model_id TEXT PRIMARY KEY,
    experiment_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    artifact_uri TEXT NOT NULL,
    status TEXT NOT NULL,
    model_type TEXT,
    source_run_id TEXT,
    status_message TEXT,
    lifecycle_stage TEXT NOT NULL,
    creation_timestamp BIGINT NOT NULL,
    last_updated_timestamp BIGINT NOT NULL
) WITHOUT ROWID;
CREATE INDEX logged_models_experiment ON logged_models (experiment_id, creation_timestamp DESC);

CREATE TABLE logged_model_tags (
    model_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
) WITHOUT ROWID;

CREATE TABLE logged_model_params (
    model_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (model_id, key)
) WITHOUT ROWID;

CREATE TABLE logged_model_metrics (
    model_id TEXT NOT NULL,
    key TEXT NOT NULL,
    step BIGINT NOT NULL,
    timestamp BIGINT NOT NULL,
    value REAL NOT NULL,
    is_nan SMALLINT NOT NULL,
    run_id TEXT NOT NULL,
    dataset_name TEXT NOT NULL DEFAULT '',
    dataset_digest TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (model_id, key, step, timestamp, value, is_nan, run_id, dataset_name, dataset_digest)
) WITHOUT ROWID;

CREATE TABLE registered_models (
    name TEXT PRIMARY KEY,
    creation_timestamp BIGINT NOT NULL,
    last_updated_timestamp BIGINT NOT NULL,
    description TEXT,
    user_id TEXT
) WITHOUT ROWID;

CREATE TABLE registered_model_tags (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (name, key)
) WITHOUT ROWID;

CREATE TABLE model_versions (
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    creation_timestamp BIGINT NOT NULL,
    last_updated_timestamp BIGINT NOT NULL,
    description TEXT,
    user_id TEXT,
    current_stage TEXT NOT NULL,
    source TEXT,
    run_id TEXT,
    run_link TEXT,
    status TEXT NOT NULL,
    status_message TEXT,
    storage_location TEXT,
    model_id TEXT,
    PRIMARY KEY (name, version)
) WITHOUT ROWID;

CREATE TABLE model_version_tags (
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (name, version, key)
) WITHOUT ROWID;

CREATE TABLE registered_model_aliases (
    name TEXT NOT NULL,
    alias TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (name, alias)
) WITHOUT ROWID;
