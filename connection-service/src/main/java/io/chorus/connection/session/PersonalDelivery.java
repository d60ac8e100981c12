package io.chorus.connection.session;

import io.chorus.connection.hub.FrameClassifier;
import io.chorus.connection.hub.FrameKind;
import io.chorus.connection.hub.Hub;
import io.chorus.connection.hub.OutgoingFrame;
import io.chorus.connection.metrics.ConnectionMetrics.Source;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Personal notifications: a {@code UserDelivery} from this instance's delivery channel carries one frame and
 * a batch of user ids; the frame is encoded once and reaches every device of each listed user connected
 * here. Users not connected here are skipped (the publisher's view of presence may be stale).
 */
public final class PersonalDelivery {

    private static final Logger log = LoggerFactory.getLogger(PersonalDelivery.class);

    private final ConnectionRegistry registry;
    private final Hub hub;
    private final FrameClassifier classifier;
    private final JsonMapper mapper;

    public PersonalDelivery(ConnectionRegistry registry, Hub hub, FrameClassifier classifier, JsonMapper mapper) {
        this.registry = registry;
        this.hub = hub;
        this.classifier = classifier;
        this.mapper = mapper;
    }

    /** Called on the broker's I/O thread with a published {@code UserDelivery}. */
    public void onDelivery(byte[] payload) {
        long received = System.nanoTime();
        JsonNode delivery;
        try {
            delivery = mapper.readTree(payload);
        } catch (JacksonException e) {
            log.warn("user delivery ignored, not JSON: bytes={}", payload.length);
            return;
        }
        JsonNode frameNode = delivery.path("frame");
        FrameKind kind = classifier.classify(frameNode);
        if (kind == null) {
            log.warn("user delivery ignored, no typed frame: bytes={}", payload.length);
            return;
        }
        List<Connection> targets = new ArrayList<>();
        for (JsonNode user : delivery.path("users")) {
            if (user.isString()) {
                for (Connection connection : registry.connectionsOf(user.stringValue())) {
                    targets.add(connection);
                }
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        byte[] frame = mapper.writeValueAsBytes(frameNode);
        hub.deliver(new OutgoingFrame(hub.copy(frame), kind, received), targets, Source.USER);
    }
}
