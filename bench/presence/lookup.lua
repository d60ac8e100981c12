-- wrk script: internal presence look-up of 1,000 users per request (users u0..u999 online beforehand).
local users = {}
for i = 0, 999 do users[#users + 1] = '"u' .. i .. '"' end
wrk.method = "POST"
wrk.body = '{"users":[' .. table.concat(users, ",") .. ']}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
