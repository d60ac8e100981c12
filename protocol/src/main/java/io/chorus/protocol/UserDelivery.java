package io.chorus.protocol;

import java.util.List;

/**
 * Payload of an instance delivery channel ({@link Channels#instance(String)}): one server frame for a
 * batch of users connected to that instance. The frame reaches every device of each listed user there.
 *
 * @param users user ids (a batch; the publisher groups recipients by instance)
 * @param frame the frame to deliver
 */
public record UserDelivery(List<String> users, ServerFrame frame) {}
