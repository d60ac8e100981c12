-- wrk script: presence batches of 1,000 connect/disconnect events from one instance, users spread
-- over 100,000 ids so that each batch touches ~1,000 distinct users.
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
request = function()
  local events = {}
  for i = 1, 1000 do
    counter = counter + 1
    local user = counter % 100000
    local online = (math.floor(counter / 100000) % 2 == 0) and "true" or "false"
    events[i] = '{"user":"b' .. user .. '","device":"d","online":' .. online .. ',"ts":' .. counter .. '}'
  end
  return wrk.format(nil, nil, nil, '{"instance":"bench-1","events":[' .. table.concat(events, ",") .. ']}')
end
