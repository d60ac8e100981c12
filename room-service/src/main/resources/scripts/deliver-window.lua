-- Delivers one aggregation window of a room, atomically, so that the budget is spent at the moment of
-- publication and shared by every room-service instance:
--  1. the room's delivery budget: high-priority messages are always kept and count against it; low-priority
--     chatter gets what is left, limited twice: a sliding log (never more than the budget within one
--     second plus a guard) and a token bucket (rate = budget, capacity = burst) that spreads delivery
--     over the second instead of spending it in one burst;
--  2. SPUBLISH the high-priority room.batch (encoded once by the caller), then the low-priority room.batch
--     of the granted chatter (the caller's encoded messages joined once, here);
--  3. append the delivered messages to the capped recent history.
-- Nothing is published, and no budget spent, once the room is not live (no batch follows room.closed).
-- A message with an idempotency record (a client message id) is delivered only while its record names it
-- and is pending; the record then says delivered or shed, so a retry gets the original answer. A message
-- whose record names another one (a retry took it over) is superseded: neither delivered nor counted.
-- KEYS: 1 room meta (hash), 2 recent history (list), 3 budget token bucket (hash), 4 budget log (zset of
--       "<count>:<unique>" scored by millis), 5.. the idempotency records of the 'H'/'L' messages, in order
-- ARGV: 1 channel, 2 history size, 3 history ttl millis, 4 budget per second, 5 burst, 6 unique log member,
--       7 log span millis, 8 high frame or '' (rebuilt here when one of its messages is superseded), 9 low frame prefix (the frame up to its messages),
--       10.. messages in acceptance order, each 'h' or 'l' followed by its JSON, or 'H' or 'L' followed by
--       its msgId and its JSON (which starts with '{')
-- Returns {granted low messages (the first ones not superseded), 1 published / 0 room not live,
--          superseded msgIds}
local entries = {}
local superseded = {}
local highSuperseded = false
local k = 4
for i = 10, #ARGV do
  local a = ARGV[i]
  local b = string.byte(a, 1)
  if b == 72 or b == 76 then
    k = k + 1
    local at = string.find(a, '{', 2, true)
    local id = string.sub(a, 2, at - 1)
    local record = redis.call('HMGET', KEYS[k], 'm', 's')
    if record[1] and (record[1] ~= id or record[2] ~= 'p') then
      superseded[#superseded + 1] = id
      highSuperseded = highSuperseded or b == 72
    else
      entries[#entries + 1] = {b == 72, string.sub(a, at), record[1] and KEYS[k]}
    end
  else
    entries[#entries + 1] = {b == 104, string.sub(a, 2), false}
  end
end

if redis.call('HGET', KEYS[1], 'state') ~= 'live' then
  for _, e in ipairs(entries) do
    if e[3] then
      redis.call('HSET', e[3], 's', 's')
    end
  end
  return {0, 0, superseded}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local budget = tonumber(ARGV[4])
local burst = tonumber(ARGV[5])
local high = 0
local want = 0
for _, e in ipairs(entries) do
  if e[1] then
    high = high + 1
  else
    want = want + 1
  end
end

redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[7]))
local used = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  used = used + tonumber(string.match(member, '^(%d+):'))
end
local bucket = redis.call('HMGET', KEYS[3], 't', 'ts')
local tokens = tonumber(bucket[1]) or burst
local last = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) * budget / 1000)
local grant = math.max(0, math.min(want, math.floor(tokens), budget - used - high))
tokens = math.max(0, tokens - grant - high)
redis.call('HSET', KEYS[3], 't', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[3], 2000)
if grant + high > 0 then
  redis.call('ZADD', KEYS[4], now, (grant + high) .. ':' .. ARGV[6])
  redis.call('PEXPIRE', KEYS[4], 2000)
end

local history = {}
local highs = {}
local lows = {}
local seen = 0
for _, e in ipairs(entries) do
  local delivered = e[1]
  if not delivered then
    seen = seen + 1
    if seen <= grant then
      delivered = true
      lows[#lows + 1] = e[2]
    end
  end
  if delivered then
    history[#history + 1] = e[2]
    if e[1] then
      highs[#highs + 1] = e[2]
    end
  end
  if e[3] then
    redis.call('HSET', e[3], 's', delivered and 'd' or 's')
  end
end
if highSuperseded then
  if #highs > 0 then
    redis.call('SPUBLISH', ARGV[1], ARGV[9] .. table.concat(highs, ',') .. ']}')
  end
elseif ARGV[8] ~= '' then
  redis.call('SPUBLISH', ARGV[1], ARGV[8])
end
if #lows > 0 then
  redis.call('SPUBLISH', ARGV[1], ARGV[9] .. table.concat(lows, ',') .. ']}')
end
if #history > 0 then
  redis.call('RPUSH', KEYS[2], unpack(history))
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return {grant, 1, superseded}
