package io.chorus.infra;

import java.nio.file.Path;
import java.util.List;

/** The parsed command line of {@link LocalInfraMain}. */
record CliOptions(String command, LocalInfraSettings settings) {

    static final String USAGE =
            """
            usage: chorus-launcher <command> [options]
              up      start Redis, Kafka and Cassandra (reusing any already answering), create topics, apply schema
              down    stop the servers recorded in the data dir's pid files and wait until their ports are free
              status  check that all three answer; exit 0 only if they do
            options:
              --data-dir D              data, logs, pid files, endpoints.properties (default <repo>/.chorus/infra)
              --redis-port P            default 6379
              --kafka-port P            default 9092 (controller: --kafka-controller-port, default 9093)
              --cassandra-port P        default 9042 (gossip: --cassandra-storage-port, default 7000)
              --detach                  up: leave the servers running and return once they are ready
            """;

    static CliOptions parse(List<String> args, Path repositoryRoot) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        String command = args.get(0);
        if (!List.of("up", "down", "status").contains(command)) {
            throw new IllegalArgumentException("unknown command: " + command);
        }
        LocalInfraSettings defaults = LocalInfraSettings.defaults(repositoryRoot);
        Path dataDir = defaults.dataDir();
        int redis = defaults.redisPort();
        int kafka = defaults.kafkaPort();
        int kafkaController = defaults.kafkaControllerPort();
        int cassandra = defaults.cassandraPort();
        int storage = defaults.cassandraStoragePort();
        boolean detach = false;
        for (int i = 1; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--detach") || option.equals("-d")) {
                detach = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath();
                case "--redis-port" -> redis = port(option, value);
                case "--kafka-port" -> kafka = port(option, value);
                case "--kafka-controller-port" -> kafkaController = port(option, value);
                case "--cassandra-port" -> cassandra = port(option, value);
                case "--cassandra-storage-port" -> storage = port(option, value);
                default -> throw new IllegalArgumentException("unknown option: " + option);
            }
        }
        LocalInfraSettings settings = defaults.withDataDir(dataDir)
                .withPorts(redis, kafka, kafkaController, cassandra, storage)
                .withDetached(detach);
        return new CliOptions(command, settings);
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a port number, got: " + value);
    }
}
