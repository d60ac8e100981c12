/** The gift sequencer: the Kafka listener that stores each gift at its dense room sequence, then pushes. */
package io.chorus.gift.sequencer;
