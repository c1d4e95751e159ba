-- Every logged batch rewrites the latest value of each of its keys; an index on (key, value)
-- turned that into a delete and an insert per key scattered over the index, the costliest part of
-- log-batch on the single SQLite writer. Searches reach latest values by (run_id, key), the
-- primary key, so they do not need it.
DROP INDEX latest_metrics_key_value;
