/** Per-room top gifters in Redis, fed by the sequencer exactly once per gift. */
package io.chorus.gift.leaderboard;
