package io.chorus.e2e.support;

import io.chorus.infra.process.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The services of an e2e run, shared by the test classes of one JVM: started on first need, in parallel, and started
 * again when a test killed one. room-, presence- and gift-service keep their ports for the whole run (the connection
 * tier points at them); a connection-service instance started again gets a new port and instance id.
 */
public final class Chorus {

    public enum Service {
        ROOM("room-service"),
        PRESENCE("presence-service"),
        GIFT("gift-service"),
        CONNECTION_A("connection-service"),
        CONNECTION_B("connection-service");

        final String jar;

        Service(String jar) {
            this.jar = jar;
        }
    }

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(240);

    private static final List<ServiceProcess> EVERY_PROCESS = new CopyOnWriteArrayList<>();
    private static final Map<Service, ServiceProcess> RUNNING = new EnumMap<>(Service.class);
    private static final int ROOM_PORT = Ports.freePort();
    private static final int PRESENCE_PORT = Ports.freePort();
    private static final int GIFT_PORT = Ports.freePort();
    private static int instances;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Chorus::stopEverything, "e2e-stop"));
    }

    private Chorus() {}

    /** Makes sure the services run and are healthy; the missing or dead ones start in parallel. */
    public static synchronized void require(Service... services) {
        E2eInfra.get();
        List<ServiceProcess> starting = new ArrayList<>();
        for (Service service : services) {
            ServiceProcess current = RUNNING.get(service);
            if (current != null && current.isAlive()) {
                continue;
            }
            ServiceProcess started = launch(service);
            RUNNING.put(service, started);
            starting.add(started);
        }
        for (ServiceProcess process : starting) {
            process.awaitHealthy(HEALTH_TIMEOUT);
        }
    }

    public static synchronized ServiceProcess get(Service service) {
        ServiceProcess process = RUNNING.get(service);
        if (process == null) {
            throw new IllegalStateException(service + " was not required");
        }
        return process;
    }

    public static ServiceProcess room() {
        return get(Service.ROOM);
    }

    public static ServiceProcess presence() {
        return get(Service.PRESENCE);
    }

    public static ServiceProcess gift() {
        return get(Service.GIFT);
    }

    /** A further process (a gateway, an instance a test kills) that is stopped at the end and whose log is dumped. */
    public static ServiceProcess startExtra(String jar, List<String> arguments) {
        ServiceProcess process = ServiceProcess.start(jar, Ports.freePort(), arguments);
        EVERY_PROCESS.add(process);
        return process;
    }

    /** Arguments that point a connection-service instance at the shared room-, gift- and presence-service. */
    public static List<String> connectionArguments(String instanceId) {
        return List.of(
                "--chorus.connection.instance-id=" + instanceId,
                "--chorus.connection.upstream.room-service=http://127.0.0.1:" + ROOM_PORT,
                "--chorus.connection.upstream.gift-service=http://127.0.0.1:" + GIFT_PORT,
                "--chorus.connection.upstream.presence-service=http://127.0.0.1:" + PRESENCE_PORT);
    }

    private static ServiceProcess launch(Service service) {
        List<String> arguments =
                switch (service) {
                    case ROOM -> List.of("--chorus.room.presence.base-url=http://127.0.0.1:" + PRESENCE_PORT);
                    case PRESENCE -> List.of();
                    case GIFT -> List.of("--chorus.gift.notify.presence-url=http://127.0.0.1:" + PRESENCE_PORT);
                    case CONNECTION_A, CONNECTION_B ->
                        connectionArguments("e2e-"
                                + service.name().toLowerCase().replace("connection_", "cs-") + "-" + ++instances);
                };
        int port =
                switch (service) {
                    case ROOM -> ROOM_PORT;
                    case PRESENCE -> PRESENCE_PORT;
                    case GIFT -> GIFT_PORT;
                    case CONNECTION_A, CONNECTION_B -> Ports.freePort();
                };
        ServiceProcess process = ServiceProcess.start(service.jar, port, arguments);
        EVERY_PROCESS.add(process);
        return process;
    }

    /** The last lines of every service log of this run, for a failed test's report. */
    public static String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess process : EVERY_PROCESS) {
            out.append("\n===== ")
                    .append(process)
                    .append(", last ")
                    .append(lines)
                    .append(" lines of ")
                    .append(process.logFile())
                    .append(" =====\n")
                    .append(process.tail(lines))
                    .append('\n');
        }
        return out.toString();
    }

    private static void stopEverything() {
        List<Thread> stops = new ArrayList<>();
        for (ServiceProcess process : EVERY_PROCESS) {
            Thread stop = new Thread(process::stop, "stop-" + process.service());
            stop.start();
            stops.add(stop);
        }
        for (Thread stop : stops) {
            try {
                stop.join(Duration.ofSeconds(45).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        E2eInfra.closeIfStarted();
    }
}
