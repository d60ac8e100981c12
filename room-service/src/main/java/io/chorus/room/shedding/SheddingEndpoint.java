package io.chorus.room.shedding;

import io.chorus.room.aggregation.RoomAggregator;
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
    private final RoomAggregator aggregator;
    private final RoomProperties properties;

    public SheddingEndpoint(ChatMetrics metrics, RoomAggregator aggregator, RoomProperties properties) {
        this.metrics = metrics;
        this.aggregator = aggregator;
        this.properties = properties;
    }

    @ReadOperation
    public Map<String, Object> shedding() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("budgetPerSecond", properties.budget().perSecond());
        view.put("windowMillis", properties.aggregation().window().toMillis());
        view.put("openWindows", aggregator.openWindows());
        view.putAll(metrics.snapshot());
        return view;
    }
}
