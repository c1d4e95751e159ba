-- Scenario (c): POST /api/2.0/mlflow/runs/create.
-- Script args: <experiment_id> <base_timestamp_ms>
package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.report

function init(args)
  wrk.method = "POST"
  wrk.path = "/api/2.0/mlflow/runs/create"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"experiment_id":"' .. args[1] .. '","start_time":' .. args[2] ..
             ',"tags":[{"key":"bench","value":"create"}]}'
end
