package io.github.dockstart.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectModelTest {

    @Test
    void noStringFormHoldsAPassword() {
        DatabaseService postgres = new DatabaseService("postgres", DatabaseType.POSTGRES, "postgres:16-alpine", "localhost", 5432,
                "demo", "demo", "s3cr3t-service", null, true, List.of(new Evidence("compose.yaml", 3, "service db")));
        ProjectModel.ExistingCompose compose = new ProjectModel.ExistingCompose("compose.yaml",
                Map.of("services", Map.of("db", Map.of("environment", Map.of("POSTGRES_PASSWORD", "s3cr3t-compose")))));

        ProjectModel model = new ProjectModel(Path.of("/p"), "demo", "17", List.of(postgres), compose, List.of());

        assertThat(model.toString()).contains("compose.yaml", "postgres:16-alpine").doesNotContain("s3cr3t");
    }
}
