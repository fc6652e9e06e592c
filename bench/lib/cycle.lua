-- wrk script: cycles through a file of request paths, one per line, so that no two consecutive requests of a
-- thread are the same, and prints the result as one line of JSON prefixed with "WRK_JSON " when the run ends.
--   WRK_PATHS=FILE wrk -t2 -c32 -d10s --timeout 10s -s bench/lib/cycle.lua http://127.0.0.1:5080
-- A file of a single path makes the request static (wrk builds it once, as without a script): that is the
-- repeated identical request (RC).
-- Latencies are in microseconds. "status" errors are responses outside 2xx/3xx; connect/read/write are socket
-- errors; "timeout" counts requests that did not finish within wrk's --timeout.

local file = os.getenv("WRK_PATHS")
if file == nil or file == "" then
  error("set WRK_PATHS to a file of request paths")
end

local paths = {}
for line in io.lines(file) do
  if line ~= "" then
    paths[#paths + 1] = line
  end
end
if #paths == 0 then
  error("no request paths in " .. file)
end

if #paths == 1 then
  wrk.path = paths[1]
else
  local position = 0
  local thread_count = 0

  function setup(thread)
    thread_count = thread_count + 1
    thread:set("thread_number", thread_count)
  end

  function init(args)
    -- Threads start at different places in the list, so they do not send the same request at the same moment.
    local n = thread_number or 1
    position = ((n - 1) * (math.floor(#paths / 2) + 1)) % #paths
  end

  function request()
    position = position % #paths + 1
    return wrk.format("GET", paths[position])
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1000000
  local completed = summary.requests
  local function pct(p)
    if completed == 0 then return 0 end
    return latency:percentile(p)
  end
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationSeconds":%.3f,"rps":%.2f,"bytes":%d,"paths":%d,' ..
    '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    completed, seconds, completed / seconds, summary.bytes, #paths,
    pct(50), pct(90), pct(99), completed == 0 and 0 or latency.max, completed == 0 and 0 or latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
