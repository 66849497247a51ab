package io.github.dockstart.engine;

import io.github.dockstart.access.Via;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Builds engines over a project whose services point at the tests' servers. */
final class EngineFixture {

    private EngineFixture() {
    }

    static DatabaseService service(String name, DatabaseType type, String host, int port, String database, String user, String password) {
        return new DatabaseService(name, type, type.defaultImage(), host, port, database, user, password,
                type == DatabaseType.SQLITE ? database : null, false, List.of());
    }

    static ProjectModel project(Path root, DatabaseService... services) {
        return new ProjectModel(root, "demo", "17", List.of(services), null, List.of());
    }

    static EngineSettings settings(Path root, Via via) {
        return settings(root, via, "docker", null);
    }

    static EngineSettings settings(Path root, Via via, String docker, Path redisDataDir) {
        return new EngineSettings(root, via, docker, EngineSettings.ConnectionOverrides.NONE, redisDataDir, ZoneOffset.UTC,
                Optional.empty());
    }
}
