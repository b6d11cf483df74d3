-- wrk script for the nginx ceiling: one static JSON file of a search response's size.
request = function()
  return wrk.format("GET", "/search.json")
end
