/** Pull APIs of the gift streams: room pages, the room's latest sequence, the recipient inbox and cursor. */
package io.chorus.gift.pull;
