package io.github.dockstart.testing.servers;

/** A throwaway server the tests reach over TCP on loopback. */
public interface LoopbackServer {

    String host();

    int port();
}
