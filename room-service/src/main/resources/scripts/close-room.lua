-- Closes a room: marks it closed, publishes room.closed once, and lets its keys expire.
-- KEYS: 1 room meta (hash), 2 recent history, 3 bans
-- ARGV: 1 channel, 2 room.closed frame, 3 retention seconds, 4 closed at millis
-- Returns 0 closed now, 1 no room, 2 already closed
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 1
end
if state == 'closed' then
  return 2
end
redis.call('HSET', KEYS[1], 'state', 'closed', 'closedAt', ARGV[4])
redis.call('SPUBLISH', ARGV[1], ARGV[2])
for i = 1, 3 do
  redis.call('EXPIRE', KEYS[i], ARGV[3])
end
return 0
