-- New metric points land here first: a small table, so a batch of many keys dirties few pages.
-- SqlRunStore merges it into `metrics` (clustered by run, key, step) in large batches; reads
-- see the union of both. Same primary key, so exact duplicates stay ignored.
CREATE TABLE metric_staging (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    step BIGINT NOT NULL,
    timestamp BIGINT NOT NULL,
    value REAL NOT NULL,
    is_nan SMALLINT NOT NULL,
    PRIMARY KEY (run_id, key, step, timestamp, value, is_nan)
) WITHOUT ROWID;
