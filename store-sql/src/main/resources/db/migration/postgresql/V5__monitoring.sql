-- Monitors, their windows, ground truth and alerts. Keep in step with ../sqlite/V5__monitoring.sql.
CREATE TABLE monitors (
    name TEXT PRIMARY KEY,
    spec TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One row per window: a claim (summary NULL) while a server evaluates it, then its result.
-- drift_json and report_html are gzip-compressed.
CREATE TABLE monitor_windows (
    monitor TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    claimed_by TEXT,
    claimed_until BIGINT,
    summary TEXT,
    drift_json BYTEA,
    report_html BYTEA,
    PRIMARY KEY (monitor, window_start)
);

CREATE TABLE ground_truth (
    deployment TEXT NOT NULL,
    request_id TEXT NOT NULL,
    labels TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (deployment, request_id)
);
CREATE INDEX ground_truth_received ON ground_truth (deployment, received_at);

-- What a window's requests predicted, kept to join labels that arrive later.
CREATE TABLE monitor_predictions (
    monitor TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    prediction TEXT NOT NULL,
    PRIMARY KEY (monitor, window_start, seq)
);
CREATE INDEX monitor_predictions_request ON monitor_predictions (monitor, request_id);

CREATE TABLE alert_rules (
    name TEXT PRIMARY KEY,
    spec TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE alert_states (
    rule TEXT PRIMARY KEY,
    firing SMALLINT NOT NULL,
    since BIGINT,
    last_window_start BIGINT,
    breaching INTEGER NOT NULL,
    good INTEGER NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE alert_events (
    id TEXT PRIMARY KEY,
    rule TEXT NOT NULL,
    monitor TEXT NOT NULL,
    kind TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    value DOUBLE PRECISION,
    created_at BIGINT NOT NULL
);
CREATE INDEX alert_events_rule ON alert_events (rule, created_at);

CREATE TABLE alert_deliveries (
    event_id TEXT NOT NULL,
    action INTEGER NOT NULL,
    rule TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    body TEXT NOT NULL,
    retrain_request_id TEXT,
    PRIMARY KEY (event_id, action)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_at);

CREATE TABLE retrain_requests (
    id TEXT PRIMARY KEY,
    rule TEXT NOT NULL,
    monitor TEXT NOT NULL,
    deployment TEXT,
    model TEXT,
    model_version TEXT,
    reason TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    claimed_by TEXT,
    result TEXT
);
CREATE INDEX retrain_requests_status ON retrain_requests (status, created_at);
