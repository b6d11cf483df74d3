-- wrk script: creates draft datasets through POST /api/v1/datasets with a staff API token, each with a
-- title of its own (the run, the wrk thread and a counter), spread over six agencies.
--   TOKEN=kf_... RUN=pg1-c8 wrk -t2 -c8 -d30s -s bench/multinode/create.lua http://127.0.0.1:PORT
-- At the end it prints how many were created (201) and how many failed, with the first failure's answer.
local token = os.getenv("TOKEN") or error("TOKEN is not set")
local run = os.getenv("RUN") or "run"
local agencies = { "MOL", "BLI", "WDA", "BLF", "OSHA", "ILOSH" }
local headers = {
  ["Authorization"] = "Bearer " .. token,
  ["Content-Type"] = "application/json",
}

local threads = {}
setup = function(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

init = function()
  created = 0
  failed = 0
  first_failure = ""
end

local n = 0
request = function()
  n = n + 1
  local agency = agencies[(n + (id or 0)) % #agencies + 1]
  local body = string.format(
    '{"title":"壓力測試寫入 %s 執行緒%d 第%d筆","titleEn":"Load test %s thread %d number %d",' ..
    '"description":"多節點寫入壓力測試產生的資料集草稿，標題各不相同。","agency":"%s","serviceCategory":"500",' ..
    '"mainFieldsDescription":"年度、項目、數值","updateFrequency":"每1年","contactName":"王小明",' ..
    '"contactPhone":"02-23961266","contactEmail":"data@mol.gov.tw","keywords":["壓力測試","寫入"]}',
    run, id or 0, n, run, id or 0, n, agency)
  return wrk.format("POST", "/api/v1/datasets", headers, body)
end

response = function(status, _, body)
  if status == 201 then
    created = created + 1
  else
    failed = failed + 1
    if first_failure == "" then
      first_failure = status .. " " .. string.sub(body or "", 1, 600)
    end
  end
end

done = function(summary, latency)
  local c, f = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    f = f + t:get("failed")
    local first = t:get("first_failure")
    if first ~= "" then
      print("first failure (thread " .. t:get("id") .. "): " .. first)
    end
  end
  print(string.format("created %d, failed %d, socket errors %d", c, f,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  print(string.format("requests/s %.1f p50 %.1f ms p90 %.1f ms p99 %.1f ms",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
