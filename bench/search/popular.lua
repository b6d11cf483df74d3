-- wrk script: the same eight popular searches over and over, as a busy portal sees them.
local queries = {
  "/api/v1/datasets?q=%E5%8B%9E%E4%BF%9D",
  "/api/v1/datasets?q=%E6%8A%95%E4%BF%9D%E8%96%AA%E8%B3%87",
  "/api/v1/datasets?q=%E8%81%B7%E6%A5%AD%E7%81%BD%E5%AE%B3&format=CSV",
  "/api/v1/datasets?q=%E5%B0%B1%E6%A5%AD%E6%9C%8D%E5%8B%99&agency=WDA",
  "/api/v1/datasets?q=minimum%20wage",
  "/api/v1/datasets?sort=newest",
  "/api/v1/datasets?q=%E7%B5%B1%E8%A8%88&sort=name&offset=40",
  "/api/v1/datasets?category=500&frequency=%E6%AF%8F1%E6%9C%88",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", queries[(i % #queries) + 1])
end
