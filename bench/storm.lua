-- wrk script of the storm's attackers (bench/storm.py): wrong passwords for made-up usernames,
-- each request from another address, and a count of the answers by status.
--
-- It loads wrk_report.lua beside it, so the request is set up as every bench request is
-- (BENCH_METHOD, BENCH_COOKIE with the CSRF cookie, BENCH_ORIGIN) and reported the same way.
-- BENCH_BODY is the sign-in form without its username (CSRF token, password, next); each request
-- adds a username of its own. STORM_SEED makes a storm's names and addresses repeatable.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local form = wrk.body
local letters = "abcdefghijklmnopqrstuvwxyz0123456789"
-- Now and then a name comes again, as a list of likely usernames would: those are the ones a
-- per-username lockout can pause, the others each fail once.
local COMMON_NAMES = 16
local COMMON_SHARE = 4 -- one request in this many

local threads = {}

-- In wrk's main Lua state, once per thread: a number each, for its random seed.
setup = function(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

-- In each thread's own Lua state.
init = function(args)
  math.randomseed(tonumber(os.getenv("STORM_SEED") or "1") * 1000 + thread_number)
  statuses = {}
end

local function made_up_username()
  if math.random(COMMON_SHARE) == 1 then
    return "storm_common_" .. math.random(COMMON_NAMES)
  end
  local name = {}
  for i = 1, 10 do
    local at = math.random(#letters)
    name[i] = letters:sub(at, at)
  end
  return "storm_" .. table.concat(name)
end

-- An address in 198.18.0.0/15, the block set aside for benchmarks (RFC 2544): the server, run
-- behind one trusted proxy (TGDB_TRUSTED_PROXIES=1), takes it as the client's.
local function made_up_address()
  return string.format("198.%d.%d.%d", 18 + math.random(0, 1), math.random(0, 255),
    math.random(1, 254))
end

request = function()
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["X-Forwarded-For"] = made_up_address()
  return wrk.format(nil, nil, headers, form .. "&username=" .. made_up_username())
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- The answers of every thread, by status: {"200": n, "429": n, ...}.
extra_fields = function()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    parts[#parts + 1] = string.format('"%d": %d', status, count)
  end
  return string.format(', "statuses": {%s}', table.concat(parts, ", "))
end
