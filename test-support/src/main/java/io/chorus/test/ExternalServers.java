package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.InfraProvisioning;
import io.chorus.infra.LocalInfraSettings;
import io.chorus.infra.RepositoryRoot;
import io.chorus.infra.Store;
import io.chorus.infra.cassandra.CqlSessions;
import io.chorus.infra.process.Ports;
import io.chorus.infra.server.RedisPing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * External mode: the servers {@code ./chorus up} keeps running, as recorded in its endpoints file. Nothing is started
 * or stopped here; the topics and migrations on the test classpath are applied (idempotently).
 */
final class ExternalServers implements RunningInfrastructure {

    private final InfraEndpoints endpoints;

    private ExternalServers(InfraEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public InfraEndpoints ensure(Set<Store> stores) {
        return endpoints;
    }

    static ExternalServers connect() {
        Path file = LocalInfraSettings.defaults(RepositoryRoot.resolve()).endpointsFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    "no " + file + ": start the servers first with ./chorus up (or ./chorus up -d)");
        }
        InfraEndpoints endpoints = InfraEndpoints.read(file);
        List<String> down = new ArrayList<>();
        if (!RedisPing.answers(endpoints.redisHost(), endpoints.redisPort())) {
            down.add("redis " + endpoints.redisHost() + ":" + endpoints.redisPort());
        }
        if (!kafkaAnswers(endpoints)) {
            down.add("kafka " + endpoints.kafkaBootstrapServers());
        }
        if (!CqlSessions.answers(
                endpoints.cassandraHost(), endpoints.cassandraPort(), endpoints.cassandraDatacenter())) {
            down.add("cassandra " + endpoints.cassandraContactPoint());
        }
        if (!down.isEmpty()) {
            throw new IllegalStateException(
                    "servers listed in " + file + " do not answer: " + down + ". Start them with ./chorus up");
        }
        InfraProvisioning.provision(endpoints);
        return new ExternalServers(endpoints);
    }

    private static boolean kafkaAnswers(InfraEndpoints endpoints) {
        String first = endpoints.kafkaBootstrapServers().split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        return Ports.isOpen(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
