-- Scenario (b): POST /api/2.0/mlflow/runs/search with a fixed filter/order.
-- Script args: <experiment_id> <filter> <order_by> <max_results>
package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.report

local function jstr(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

function init(args)
  wrk.method = "POST"
  wrk.path = "/api/2.0/mlflow/runs/search"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"experiment_ids":[' .. jstr(args[1]) .. '],"filter":' .. jstr(args[2]) ..
             ',"order_by":[' .. jstr(args[3]) .. '],"max_results":' .. args[4] ..
             ',"run_view_type":"ACTIVE_ONLY"}'
end
