-- A flash sale over HTTP for wrk (https://github.com/wg/wrk), or the same requests against a trivial endpoint.
--
--   wrk -t T -c C -d D --timeout 30s -s sale.lua http://host:port -- MODE TOKENS ACTIVITY REPEAT_EVERY PART PARTS T
--
-- MODE      "attempt": every buyer of this thread's share attempts once (POST /api/activities/ACTIVITY/attempts,
--           its bearer token, an Idempotency-Key of its own), and after every REPEAT_EVERY-th buyer comes a repeat
--           click with a new key; the thread stops once every attempt is answered.
--           "ceiling": the same headers on GET /health, round and round, until wrk's duration ends.
-- TOKENS    a file of buyer tokens, one a line (seckill-app tokens); thread t of process PART (of PARTS processes,
--           one per base URL) takes the lines i with i % (PARTS * T) == PART * T + t
--
-- In attempt mode each thread prints "SECKILL-WRK-THREAD-DONE" once all its attempts are answered: wrk's main thread
-- sleeps for the whole -d duration, so the caller sends it SIGINT when every thread is done. done() prints one line
-- "SECKILL-WRK {json}" with each thread's counts by status, the times of its first request and of its answers (epoch
-- milliseconds), its answers per 100 ms ("status:bucket", bucket = epoch ms / 100), and wrk's latency percentiles
-- (microseconds).

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } seckill_timespec;
int clock_gettime(int clock, seckill_timespec *now);
]]
local clock = ffi.new("seckill_timespec")
local function now_ms()
  ffi.C.clock_gettime(0, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

-- setup and done run in a Lua state of their own
local threads = {}
local started = 0

function setup(thread)
  thread:set("id", started)
  started = started + 1
  table.insert(threads, thread)
end

-- per thread; the globals are what done() reads with thread:get()
local requests = {}
local health
local ceiling = false
sent, attempts = 0, 0

function init(args)
  local mode, tokens, activity = args[1], args[2], args[3]
  local repeat_every, part, parts, per_process = tonumber(args[4]), tonumber(args[5]), tonumber(args[6]),
      tonumber(args[7])
  ceiling = mode == "ceiling"
  local stride, mine = parts * per_process, part * per_process + id
  local path = "/api/activities/" .. activity .. "/attempts"
  local line_no, buyers = 0, 0
  for token in io.lines(tokens) do
    if line_no % stride == mine then
      buyers = buyers + 1
      local headers = { ["Authorization"] = "Bearer " .. token, ["Idempotency-Key"] = "a" .. line_no }
      if ceiling then
        requests[#requests + 1] = wrk.format("GET", "/health", headers)
      else
        requests[#requests + 1] = wrk.format("POST", path, headers)
        if repeat_every > 0 and buyers % repeat_every == 0 then
          headers["Idempotency-Key"] = "r" .. line_no
          requests[#requests + 1] = wrk.format("POST", path, headers)
        end
      end
    end
    line_no = line_no + 1
  end
  attempts = #requests
  health = wrk.format("GET", "/health")
  -- before the first thread runs, wrk calls its request() once to check what it returns: that call sends nothing
  verifying = id == 0
  counts, buckets, answered = {}, {}, 0
  first_sent, first_answer, last_answer = 0, 0, 0
  last_admitted, answered_at_last_admitted, first_sold_out, last_sold_out = 0, 0, 0, 0
end

function delay()
  -- once every attempt is out, the idle connections only wait for the last answers
  if not ceiling and sent >= attempts then
    return 20
  end
  return 0
end

function request()
  if verifying then
    verifying = false
    return requests[1] or health
  end
  if sent == 0 then
    first_sent = now_ms()
  end
  if ceiling then
    sent = sent % attempts + 1
    return requests[sent]
  end
  if sent < attempts then
    sent = sent + 1
    return requests[sent]
  end
  return health
end

function response(status, headers, body)
  local t = now_ms()
  if not ceiling and status == 200 then
    return -- a wait for the last answers, not an attempt
  end
  if first_answer == 0 then
    first_answer = t
  end
  last_answer = t
  answered = answered + 1
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
  -- flat: wrk copies no nested tables between Lua states
  local bucket = key .. ":" .. math.floor(t / 100)
  buckets[bucket] = (buckets[bucket] or 0) + 1
  if status == 202 then
    last_admitted = t
    answered_at_last_admitted = answered
  elseif status == 410 then
    if first_sold_out == 0 then
      first_sold_out = t
    end
    last_sold_out = t
  end
  if not ceiling and answered >= attempts then
    -- wrk's main thread sleeps for the whole duration: the caller ends it (SIGINT) once every thread said so
    io.stdout:write("SECKILL-WRK-THREAD-DONE\n")
    io.stdout:flush()
    wrk.thread:stop()
  end
end

local function json(value)
  local kind = type(value)
  if kind == "table" then
    local parts = {}
    for k, v in pairs(value) do
      parts[#parts + 1] = string.format("%q:%s", tostring(k), json(v))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "number" then
    return string.format("%.3f", value)
  elseif kind == "nil" then
    return "null"
  end
  return string.format("%q", tostring(value))
end

function done(summary, latency, requests_per_thread)
  local out = {
    duration_us = summary.duration,
    requests = summary.requests,
    errors = summary.errors,
    latency_us = {
      p50 = latency:percentile(50), p90 = latency:percentile(90), p99 = latency:percentile(99),
      p999 = latency:percentile(99.9), max = latency.max, mean = latency.mean,
    },
    threads = {},
  }
  for i, thread in ipairs(threads) do
    out.threads[tostring(i)] = {
      attempts = thread:get("attempts"), sent = thread:get("sent"), answered = thread:get("answered"),
      first_sent = thread:get("first_sent"), first_answer = thread:get("first_answer"),
      last_answer = thread:get("last_answer"), last_admitted = thread:get("last_admitted"),
      answered_at_last_admitted = thread:get("answered_at_last_admitted"),
      first_sold_out = thread:get("first_sold_out"), last_sold_out = thread:get("last_sold_out"),
      counts = thread:get("counts"), buckets = thread:get("buckets"),
    }
  end
  io.write("SECKILL-WRK " .. json(out) .. "\n")
end
