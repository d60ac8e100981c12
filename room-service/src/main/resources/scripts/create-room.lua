-- Creates a live room unless its id is taken (a closed room keeps its id until its keys expire).
-- KEYS: 1 room meta (hash)
-- ARGV: 1 id, 2 title, 3 streamer, 4 created at millis, 5 budget per second
-- Returns 1 when created, 0 when the id is taken
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'title', ARGV[2], 'streamer', ARGV[3], 'state', 'live',
    'createdAt', ARGV[4], 'slowModeSeconds', '0', 'subscriberOnly', '0', 'emoteOnly', '0',
    'chatBudgetPerSecond', ARGV[5])
return 1
