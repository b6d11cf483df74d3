-- wrk script: cycles through the distinct searches in queries.txt (from make-queries.py).
-- With more distinct searches than the result cache holds, no request is answered from it (a text comes back under
-- other filters, orders and pages, as people search: decision 0022).
local file = os.getenv("QUERIES") or "queries.txt"
local queries = {}
for line in io.lines(file) do
  queries[#queries + 1] = line
end

local counter = 0
setup = function(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end

local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", queries[((offset or 0) + i) % #queries + 1])
end
