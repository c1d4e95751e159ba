-- Scenario (a): POST /api/2.0/mlflow/runs/log-batch, N metrics per request.
-- Script args (after `--`): <metrics_per_request> <base_timestamp_ms> <nthreads> <run_id> [<run_id> ...]
-- Every request writes new rows: keys m0..m{N-1}, a step that is unique per
-- request (across threads), and a timestamp that moves with the step.
package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.report

local nmetrics, base_ts, nthreads, runs, seq

function init(args)
  nmetrics = tonumber(args[1])
  base_ts = tonumber(args[2])
  nthreads = tonumber(args[3])
  runs = {}
  for i = 4, #args do runs[#runs + 1] = args[i] end
  seq = 0
  math.randomseed(base_ts + (tid or 1) * 7919)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  -- request index unique across threads: seq*nthreads + (tid-1)
  local idx = seq * nthreads + ((tid or 1) - 1)
  seq = seq + 1
  local run = runs[(idx % #runs) + 1]
  local step = idx
  local ts = base_ts + idx
  local parts = {}
  for j = 0, nmetrics - 1 do
    parts[#parts + 1] = string.format(
      '{"key":"m%d","value":%.6f,"timestamp":%d,"step":%d}', j, math.random(), ts, step)
  end
  local body = '{"run_id":"' .. run .. '","metrics":[' .. table.concat(parts, ",") ..
               '],"params":[],"tags":[]}'
  return wrk.format(nil, "/api/2.0/mlflow/runs/log-batch", nil, body)
end
