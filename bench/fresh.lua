-- wrk script of the pages measured without the page cache (scenarios.py's `fresh`): every
-- request adds a query parameter no other request has had, so each one is a page drawn afresh.
--
-- It loads wrk_report.lua beside it, so the request is set up and reported as every bench
-- request is. The parameter is fresh=<BENCH_FRESH_SEED>-<thread>-<count>, as
-- scenarios.fresh_path writes it: the seed is new for each run, the rest for each request.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local threads = 0

-- In wrk's main Lua state, once per thread: a number each, so no two threads send one mark.
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

-- In each thread's own Lua state.
init = function(args)
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  prefix = wrk.path .. separator .. "fresh=" .. (os.getenv("BENCH_FRESH_SEED") or "0") .. "-" ..
    thread_number .. "-"
  sent = 0
end

request = function()
  sent = sent + 1
  return wrk.format(nil, prefix .. sent)
end
