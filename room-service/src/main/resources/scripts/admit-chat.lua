-- Admits one chat message, atomically: a retry of an accepted message, room state, ban, subscriber-only,
-- emote-only, slow mode and the sender's token bucket. Time comes from Redis so that every room-service
-- instance agrees.
-- KEYS: 1 room meta (hash), 2 room bans (zset), 3 sender's slow-mode key, 4 sender's token bucket (hash),
--       5 the message's idempotency record (hash: m msgId, f text fingerprint, s state p/d/s, u pending
--       deadline millis), only when ARGV[9] is not ''
-- ARGV: 1 user, 2 moderates all rooms (0/1), 3 subscriber (0/1), 4 text is emote-only (0/1),
--       5 capacity, 6 refill per second, 7 privileged capacity, 8 privileged refill per second,
--       9 msgId to record ('' = no client message id), 10 text fingerprint, 11 record ttl millis,
--       12 pending deadline millis (after it a retry takes the message over), 13 another text under the same
--       client message id is a conflict (1) or a new message (0), 14 check only (1: room, ban,
--       subscriber-only and emote-only; nothing is written, no token spent)
-- Returns {status, retry millis, sender owns the room (0/1), room budget per second (0 = default),
--          original msgId, original shed (0/1)}
-- status: 0 admitted, 1 no room, 2 closed, 3 banned, 4 subscribers only, 5 emote only, 6 slow mode,
--         7 rate limited, 8 a retry of a decided message, 9 a retry of a message still in its window,
--         10 the client message id was used for another text
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local idempotent = ARGV[9] ~= '' and ARGV[14] ~= '1'
if idempotent then
  local record = redis.call('HMGET', KEYS[5], 'm', 'f', 's', 'u')
  if record[1] then
    if record[2] == ARGV[10] then
      if record[3] == 'd' then
        return {8, 0, 0, 0, record[1], 0}
      elseif record[3] == 's' then
        return {8, 0, 0, 0, record[1], 1}
      elseif tonumber(record[4]) > now then
        return {9, 0, 0, 0, record[1], 0}
      end
      -- still pending after its deadline: its instance lost it; this retry takes it over (the delivery
      -- script delivers only the message its record names, so the lost one can never follow)
    elseif ARGV[13] == '1' then
      return {10, 0, 0, 0, record[1], 0}
    end
  end
end
local meta = redis.call('HMGET', KEYS[1], 'state', 'streamer', 'slowModeSeconds', 'subscriberOnly', 'emoteOnly',
    'chatBudgetPerSecond')
if not meta[1] then
  return {1, 0, 0, 0}
end
if meta[1] ~= 'live' then
  return {2, 0, 0, 0}
end
local owner = 0
if meta[2] == ARGV[1] then
  owner = 1
end
local privileged = owner == 1 or ARGV[2] == '1'
local banEnd = redis.call('ZSCORE', KEYS[2], ARGV[1])
if banEnd then
  if banEnd == 'inf' or banEnd == '+inf' then
    return {3, -1, owner, 0}
  end
  local ends = tonumber(banEnd)
  if ends > now then
    return {3, ends - now, owner, 0}
  end
end
local slow = tonumber(meta[3] or '0') or 0
if not privileged then
  if meta[4] == '1' and ARGV[3] ~= '1' then
    return {4, 0, owner, 0}
  end
  if meta[5] == '1' and ARGV[4] ~= '1' then
    return {5, 0, owner, 0}
  end
  if slow > 0 and ARGV[14] ~= '1' then
    local ttl = redis.call('PTTL', KEYS[3])
    if ttl > 0 then
      return {6, ttl, owner, 0}
    end
  end
end
if ARGV[14] == '1' then
  return {0, 0, owner, tonumber(meta[6] or '0') or 0}
end
local capacity = tonumber(ARGV[5])
local rate = tonumber(ARGV[6])
if privileged then
  capacity = tonumber(ARGV[7])
  rate = tonumber(ARGV[8])
end
local bucket = redis.call('HMGET', KEYS[4], 't', 'ts')
local tokens = tonumber(bucket[1]) or capacity
local last = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - last) * rate / 1000)
if tokens < 1 then
  return {7, math.ceil((1 - tokens) * 1000 / rate), owner, 0}
end
redis.call('HSET', KEYS[4], 't', tostring(tokens - 1), 'ts', now)
redis.call('PEXPIRE', KEYS[4], math.ceil(capacity * 1000 / rate) + 1000)
if not privileged and slow > 0 then
  redis.call('SET', KEYS[3], '1', 'PX', slow * 1000)
end
if idempotent then
  redis.call('HSET', KEYS[5], 'm', ARGV[9], 'f', ARGV[10], 's', 'p', 'u', now + tonumber(ARGV[12]))
  redis.call('PEXPIRE', KEYS[5], ARGV[11])
end
return {0, 0, owner, tonumber(meta[6] or '0') or 0}
