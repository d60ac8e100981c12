package io.chorus.room.shedding;

import io.chorus.room.config.RoomProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/shedding}: what this instance accepted, delivered and shed (by reason and priority), the
 * refusals by code, the open windows and the budget settings. Counts since start, per instance.
 */
@Component
@Endpoint(id = "shedding")
public class SheddingEndpoint {

    private final ChatMetrics metrics;
    private final RoomProperties properties;

    public SheddingEndpoint(ChatMetrics metrics, RoomProperties properties) {
        this.metrics = metrics;
        this.properties = properties;
    }

    @ReadOperation
    public Map<String, Object> shedding() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("budgetPerSecond", properties.budget().perSecond());
        view.put("windowMillis", properties.aggregation().window().toMillis());
        view.putAll(metrics.snapshot());
        return view;
    }
}
