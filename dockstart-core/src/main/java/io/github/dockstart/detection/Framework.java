package io.github.dockstart.detection;

import java.util.Optional;

/**
 * The application frameworks whose configuration keys dockstart reads, recognised in a pom by
 * their dependencies' group ids.
 */
enum Framework {
    SPRING_BOOT,
    QUARKUS,
    MICRONAUT;

    static Optional<Framework> ofDependency(String groupId) {
        if (groupId.equals("org.springframework.boot")) {
            return Optional.of(SPRING_BOOT);
        }
        if (groupId.equals("io.quarkus") || groupId.startsWith("io.quarkus.")) {
            return Optional.of(QUARKUS);
        }
        if (groupId.equals("io.micronaut") || groupId.startsWith("io.micronaut.")) {
            return Optional.of(MICRONAUT);
        }
        return Optional.empty();
    }
}
