-- wrk script of bench/run.py: drives one endpoint and, when wrk is done, prints one line
--   WRKJSON {...}
-- with the requests, requests/s, latency percentiles (ms), responses by status class and socket errors.
--
-- Reads (all optional) from the environment, so that one script serves every endpoint:
--   BENCH_METHOD   GET (default) or POST
--   BENCH_BODY     the request body; "{key}" becomes a key unique to the request (a form's one-time key)
--   BENCH_PATH     the path; "{market}" and "{day}" are filled per request (the price officer's form):
--   BENCH_MARKETS  comma-separated market slugs, taken in turn
--   BENCH_DAY0     a day as seconds since the epoch (UTC): request n enters day BENCH_DAY0 - n days
--   BENCH_THREADS  wrk's -t (so that keys and days stay unique across threads); BENCH_RUN_ID a prefix of keys
--   BENCH_COLLECT  "location": keep the Location header of every 3xx response, printed as "locations"
--                  (bench/run.py checks that each one a filing was acknowledged with is in the database)
-- Headers (Cookie, Content-Type, HX-Request, ...) come from wrk's -H options.
-- Every key and day is unique across wrk's threads: thread t of T takes the numbers t, t + T, t + 2T, ...

local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local path = os.getenv("BENCH_PATH")
local day0 = tonumber(os.getenv("BENCH_DAY0") or "")
local collect = os.getenv("BENCH_COLLECT") == "location"
local markets = {}
for slug in string.gmatch(os.getenv("BENCH_MARKETS") or "", "[^,]+") do
  table.insert(markets, slug)
end

local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local run_id = os.getenv("BENCH_RUN_ID") or "run"

-- per thread, read by done() through thread:get (globals on purpose)
sent = 0
ok = 0
redirects = 0
client_errors = 0
server_errors = 0
seen = {}

local dynamic = (body and string.find(body, "{key}", 1, true)) or (path and (string.find(path, "{", 1, true)))

function request()
  if not dynamic then
    return wrk.format(method, path, nil, body)
  end
  local n = sent * thread_count + thread_id
  sent = sent + 1
  local this_path = path
  if this_path and #markets > 0 then
    this_path = string.gsub(this_path, "{market}", markets[(n % #markets) + 1])
  end
  if this_path and day0 then
    this_path = string.gsub(this_path, "{day}", os.date("!%Y-%m-%d", day0 - n * 86400))
  end
  local this_body = body
  if this_body then
    -- 16-64 characters of [A-Za-z0-9_-]: the pattern one-time keys must match
    local key = string.format("wrk-%s-%012d", run_id, n)
    this_body = string.gsub(this_body, "{key}", key)
  end
  return wrk.format(method, this_path, nil, this_body)
end

function response(status, headers, response_body)
  if status < 300 then
    ok = ok + 1
  elseif status < 400 then
    redirects = redirects + 1
    if collect then
      local location = headers["Location"] or headers["location"]
      if location then
        table.insert(seen, location)
      end
    end
  elseif status < 500 then
    client_errors = client_errors + 1
  else
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local counts = {ok = 0, redirects = 0, client_errors = 0, server_errors = 0}
  local locations = {}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(counts) do
      counts[name] = counts[name] + (thread:get(name) or 0)
    end
    for _, location in ipairs(thread:get("seen") or {}) do
      table.insert(locations, string.format("%q", location))
    end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "bytes": %d, "rps": %.2f, ' ..
    '"p50_ms": %.3f, "p90_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "mean_ms": %.3f, ' ..
    '"ok_2xx": %d, "redirect_3xx": %d, "client_4xx": %d, "server_5xx": %d, "non_2xx_3xx": %d, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, "locations": [%s]}\n',
    summary.requests, seconds, summary.bytes, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
    counts.ok, counts.redirects, counts.client_errors, counts.server_errors, e.status,
    e.connect, e.read, e.write, e.timeout, table.concat(locations, ", ")))
end
