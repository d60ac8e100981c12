/**
 * The notify path shared by the durable streams (gift inboxes now, group mailboxes next): after an item is stored,
 * tell the devices of the users concerned, wherever they are connected, so that they pull. Look-ups go to
 * presence-service; frames go to the instances' delivery channels in per-instance user batches.
 */
package io.chorus.stream.notify;
