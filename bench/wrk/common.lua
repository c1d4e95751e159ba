-- Shared helpers for the Capstan benchmark wrk scripts.
-- Loaded with: package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local M = {}

-- Emit one machine-readable line that bench/driver.py parses.
function M.report(summary, latency, requests)
  local e = summary.errors
  local p = function(q) return latency:percentile(q) end
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"max":%d,' ..
    '"p50":%d,"p75":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    p(50), p(75), p(90), p(99), p(99.9)))
end

-- Give every wrk thread a distinct id (1..n), visible as the global `tid`.
local counter = 0
function M.setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

return M
