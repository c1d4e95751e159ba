-- New metric points land here first. It is an append-only rowid table with no index, so a batch
-- of many keys costs a page or two, however the keys spread. SqlRunStore merges it, sorted, into
-- `metrics` (clustered by run, key, step) every few thousand points, ignoring exact duplicates,
-- and reads take the UNION of both (so a duplicate waiting here counts once). It stays small, so
-- reading it without an index is a short scan.
CREATE TABLE metric_staging (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    step BIGINT NOT NULL,
    timestamp BIGINT NOT NULL,
    value REAL NOT NULL,
    is_nan SMALLINT NOT NULL
);
