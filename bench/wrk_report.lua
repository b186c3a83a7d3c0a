-- wrk script of the benchmark: one request, set from the environment, and a JSON summary.
-- BENCH_METHOD (GET/POST), BENCH_BODY (form body of a POST), BENCH_COOKIE (Cookie header),
-- BENCH_ORIGIN (Origin header of a POST, as browsers send it).
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY") or ""
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
local origin = os.getenv("BENCH_ORIGIN") or ""
if origin ~= "" and wrk.method == "POST" then
  wrk.headers["Origin"] = origin
end

-- A script that loads this one (bench/storm.lua) replaces this to add fields of its own to the
-- summary: a string of ', "name": value' pairs.
extra_fields = function()
  return ""
end

-- Latencies are in microseconds; non-2xx/3xx answers are counted in errors.status. The whole
-- latency histogram is reported ([[microseconds, count], ...]), so that several runs can be
-- pooled into exact percentiles.
done = function(summary, latency, requests)
  local e = summary.errors
  local buckets = {}
  for i = 1, #latency do
    local value, count = latency(i)
    buckets[#buckets + 1] = string.format("[%d, %d]", value, count)
  end
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "histogram": [%s]%s}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(buckets, ", "), extra_fields()))
end
