package io.chorus.infra.server;

import io.chorus.infra.process.Ports;
import io.chorus.infra.process.ServerProcess;

/** One real server run as a local process on loopback. */
public interface LocalServer {

    /** Short lower-case name: redis, kafka, cassandra. Also names its pid file and run directory. */
    String name();

    /** The client port: what applications connect to. */
    int port();

    /** True when something answers on the client port already (a running server that can be reused). */
    default boolean isAnswering() {
        return Ports.isOpen(Ports.LOOPBACK, port());
    }

    /**
     * Fails fast, with what to install or build, when this server cannot be started here (a missing binary, runtime
     * or classpath). Called for every server before any is forked.
     */
    default void checkPrerequisites() {}

    /**
     * Forks the server and returns once it is ready for clients.
     *
     * @param detached give the process its own session, so it outlives this JVM and the terminal's Ctrl-C
     */
    ServerProcess start(boolean detached);
}
