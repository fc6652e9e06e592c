-- wrk script for the load test (bench/load.sh): reads from a file of paths, and every WRITE_EVERY-th request of a
-- thread creates a new record (POST /api/v1/records with the curator's key) with a unique id, from a template.
-- Prints one line "LOAD_JSON {...}" with the status counts when the run ends; 201s are the acknowledged writes.
--   LOAD_PATHS=FILE LOAD_TEMPLATE=FILE LOAD_KEY=KEY LOAD_WRITE_EVERY=10 wrk -t2 -c64 -d60s -s bench/lib/mixed.lua URL

local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local template = io.open(os.getenv("LOAD_TEMPLATE")):read("*a")
local key = os.getenv("LOAD_KEY")
local every = tonumber(os.getenv("LOAD_WRITE_EVERY") or "10")
local run = os.getenv("LOAD_RUN") or "run"

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
  threads[#threads + 1] = thread
end

function init(args)
  n = 0
  statuses = {}
  position = ((thread_number - 1) * 7) % #paths
end

function request()
  n = n + 1
  if n % every == 0 then
    local id = string.format("load-%s-%d-%d", run, thread_number, n)
    local body = template:gsub("__ID__", id)
    return wrk.format("POST", "/api/v1/records",
      { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
  end
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(totals) do
    parts[#parts + 1] = string.format('"%d":%d', status, count)
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD_JSON {"requests":%d,"durationSeconds":%.3f,"rps":%.2f,"latencyUs":{"p50":%d,"p99":%d,"max":%d},' ..
    '"statuses":{%s},"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
    summary.requests, summary.duration / 1000000, summary.requests / (summary.duration / 1000000),
    latency:percentile(50), latency:percentile(99), latency.max, table.concat(parts, ","),
    e.connect, e.read, e.write, e.timeout))
end
