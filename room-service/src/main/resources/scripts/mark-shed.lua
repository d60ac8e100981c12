-- A message with an idempotency record was shed before its window reached Redis: the record says so, if it
-- still names that message and is pending (a retry then gets the original ack, shed).
-- KEYS: 1 the idempotency record (hash: m msgId, s state)
-- ARGV: 1 msgId
if redis.call('HGET', KEYS[1], 'm') == ARGV[1] and redis.call('HGET', KEYS[1], 's') == 'p' then
  redis.call('HSET', KEYS[1], 's', 's')
  return 1
end
return 0
