package io.github.dockstart.detection;

import static io.github.dockstart.detection.SampleProject.evidence;
import static io.github.dockstart.detection.SampleProject.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvDetectionTest {

    @TempDir
    Path dir;

    @Test
    void databaseUrlAndRedisUrlAreDatabasesOfTheirOwn() {
        SampleProject project = new SampleProject(dir).pom("demo")
                .file(".env", """
                        # local settings
                        export DATABASE_URL="postgres://envuser:envpw@localhost:5434/envdb"
                        REDIS_URL=redis://localhost:6379/1 # cache
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name).containsExactly("postgres", "redis");
        DatabaseService postgres = service(model, "postgres");
        assertThat(postgres.database()).isEqualTo("envdb");
        assertThat(postgres.user()).isEqualTo("envuser");
        assertThat(postgres.password()).isEqualTo("envpw");
        assertThat(postgres.port()).isEqualTo(5434);
        assertThat(evidence(postgres)).containsExactly(".env:2 DATABASE_URL");
        assertThat(service(model, "redis").database()).isEqualTo("1");
        assertThat(evidence(service(model, "redis"))).containsExactly(".env:3 REDIS_URL");
    }

    @Test
    void aJdbcDatabaseUrlWorksToo() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.mariadb.jdbc:mariadb-java-client")
                .file(".env", "DATABASE_URL=jdbc:mariadb://localhost:3306/shop?user=maria&password=mpw\n");

        DatabaseService mariadb = project.detect().services().get(0);

        assertThat(mariadb.type()).isEqualTo(DatabaseType.MARIADB);
        assertThat(mariadb.user()).isEqualTo("maria");
        assertThat(mariadb.password()).isEqualTo("mpw");
        assertThat(evidence(mariadb)).hasSize(2);
    }

    @Test
    void theApplicationConfigurationBeatsDotEnv() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", "spring.datasource.url=jdbc:postgresql://localhost/appdb\n")
                .file(".env", "DATABASE_URL=postgresql://localhost/envdb\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).singleElement().extracting(DatabaseService::database).isEqualTo("appdb");
        assertThat(evidence(model.services().get(0))).contains(".env:1 DATABASE_URL");
        assertThat(model.notes()).containsExactly("postgres: database 'appdb' from src/main/resources/application.properties:1 "
                + "spring.datasource.url differs from 'envdb' from .env:1 DATABASE_URL; using 'appdb'.");
    }

    @Test
    void aDotEnvUrlOfAnotherEngineThanTheConfigurationIsNotedNotAdded() {
        SampleProject project = new SampleProject(dir).pom("demo", "com.mysql:mysql-connector-j")
                .resource("application.properties", "spring.datasource.url=jdbc:mysql://localhost/shop\n")
                .file(".env", "DATABASE_URL=postgres://localhost/shop\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::type).containsExactly(DatabaseType.MYSQL);
        assertThat(model.notes()).containsExactly(".env:1 DATABASE_URL suggests postgres, but "
                + "src/main/resources/application.properties:1 spring.datasource.url says mysql; using mysql.");
    }
}
