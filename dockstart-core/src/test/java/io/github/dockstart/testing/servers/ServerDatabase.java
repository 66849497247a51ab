package io.github.dockstart.testing.servers;

/** One database of a throwaway server: it is reached at its server's address. */
public interface ServerDatabase {

    LoopbackServer server();

    default String host() {
        return server().host();
    }

    default int port() {
        return server().port();
    }
}
