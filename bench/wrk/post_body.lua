-- POST a fixed body read from a file. Used by bench/serve.py.
-- Script args: <path> <content-type> <body-file> [<inference-header-content-length>]
package.path = os.getenv("BENCH_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.report

function init(args)
  local f = assert(io.open(args[3], "rb"))
  local body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.path = args[1]
  wrk.headers["Content-Type"] = args[2]
  if args[4] and args[4] ~= "" then
    wrk.headers["Inference-Header-Content-Length"] = args[4]
  end
  wrk.body = body
end
