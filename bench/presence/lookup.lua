-- wrk script: internal presence look-up of LOOKUP_USERS users per request (default 1,000: u0..u999, online
-- beforehand).
local n = tonumber(os.getenv("LOOKUP_USERS") or "1000")
local users = {}
for i = 0, n - 1 do users[#users + 1] = '"u' .. i .. '"' end
wrk.method = "POST"
wrk.body = '{"users":[' .. table.concat(users, ",") .. ']}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
