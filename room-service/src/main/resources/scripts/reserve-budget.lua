-- Reserves delivery budget for one aggregation window of a room, shared by every room-service instance.
-- High-priority messages are always kept and count against the budget; low-priority chatter gets what is
-- left. Two limits: a sliding one-second log (never more than the budget in any second) and a token bucket
-- (rate = budget, capacity = burst) that spreads delivery over the second instead of one burst.
-- KEYS: 1 token bucket (hash), 2 delivery log (zset: member "<count>:<unique>", score = millis)
-- ARGV: 1 budget per second, 2 burst, 3 high count, 4 low candidates, 5 unique member suffix
-- Returns {granted low, delivered in the last second before this window}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local budget = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local high = tonumber(ARGV[3])
local want = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 1000)
local used = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  used = used + tonumber(string.match(member, '^(%d+):'))
end
local bucket = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(bucket[1]) or burst
local last = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) * budget / 1000)
local grant = math.max(0, math.min(want, math.floor(tokens), budget - used - high))
tokens = math.max(0, tokens - grant - high)
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], 2000)
if grant + high > 0 then
  redis.call('ZADD', KEYS[2], now, (grant + high) .. ':' .. ARGV[5])
  redis.call('PEXPIRE', KEYS[2], 2000)
end
return {grant, used}
