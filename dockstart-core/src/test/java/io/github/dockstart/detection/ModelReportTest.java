package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.Evidence;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelReportTest {

    private static final Path ROOT = Path.of("/tmp/demo");

    @Test
    void namesEveryServiceWithItsSettingsAndEvidenceButNoPassword() {
        DatabaseService postgres = new DatabaseService("postgres", DatabaseType.POSTGRES, "postgres:16-alpine",
                "localhost", 5432, "demo", "demo", "s3cret-pw", null, false,
                List.of(new Evidence("pom.xml", 41, "org.postgresql:postgresql"),
                        new Evidence("src/main/resources/application.properties", 3, "spring.datasource.url")));
        DatabaseService sqlite = new DatabaseService("sqlite", DatabaseType.SQLITE, null, null, 0, null, null, "",
                "data/app.db", false, List.of(new Evidence("pom.xml", 50, "org.xerial:sqlite-jdbc")));
        ProjectModel model = new ProjectModel(ROOT, "demo", "21", List.of(postgres, sqlite), null,
                List.of("pom.xml says MySQL but application.properties says PostgreSQL; PostgreSQL wins."));

        List<String> lines = ModelReport.lines(model);

        assertThat(lines).containsExactly(
                "Project demo, Java 21",
                "Service postgres: postgres, image postgres:16-alpine, localhost:5432, database demo, user demo",
                "    evidence: pom.xml:41 org.postgresql:postgresql",
                "    evidence: src/main/resources/application.properties:3 spring.datasource.url",
                "Service sqlite: sqlite, file data/app.db",
                "    evidence: pom.xml:50 org.xerial:sqlite-jdbc",
                "Note: pom.xml says MySQL but application.properties says PostgreSQL; PostgreSQL wins.");
        assertThat(String.join("\n", lines)).doesNotContain("s3cret-pw");
    }

    @Test
    void saysSoWhenThereIsNoDatabaseAndNamesAnExistingComposeFile() {
        DatabaseService redis = new DatabaseService("cache", DatabaseType.REDIS, "redis:7.2", "localhost", 6379, "0",
                "", "", null, true, List.of(new Evidence("compose.yaml", 4, "service cache")));
        ProjectModel kept = new ProjectModel(ROOT, "demo", "17", List.of(redis),
                new ProjectModel.ExistingCompose("compose.yaml", Map.of()), List.of());
        ProjectModel empty = new ProjectModel(ROOT, "demo", null, List.of(), null, List.of());

        assertThat(ModelReport.lines(kept)).contains(
                "Existing Compose file: compose.yaml (its services are kept)",
                "Service cache: redis, image redis:7.2, localhost:6379, database 0 (defined in compose.yaml, kept)");
        assertThat(ModelReport.lines(empty)).containsExactly("Project demo, Java unknown", ModelReport.NO_DATABASE);
    }
}
