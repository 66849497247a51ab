package io.github.dockstart.detection;

import static io.github.dockstart.detection.SampleProject.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose files in {@code src/main/docker/} and {@code docker/} (JHipster's layout) tell image
 * versions and settings of the project's databases, with their file as evidence, and are never
 * taken for the project's own stack.
 */
class ComposeEvidenceFilesTest {

    /** As JHipster 8 writes it. */
    private static final String JHIPSTER_POSTGRESQL = """
            name: storefront
            services:
              postgresql:
                image: postgres:17.4
                environment:
                  - POSTGRES_USER=storefront
                  - POSTGRES_HOST_AUTH_METHOD=trust
                healthcheck:
                  test: ['CMD-SHELL', 'pg_isready -U $${POSTGRES_USER}']
                ports:
                  - 127.0.0.1:5432:5432
            """;

    private static final String JHIPSTER_APP_CONFIG = """
            spring:
              datasource:
                url: jdbc:postgresql://localhost:5432/storefront
                username: storefront
                password:
            """;

    @TempDir
    Path dir;

    @Test
    void aJHipsterProjectsDockerFolderGivesTheImageAndSettingsWithItsFileAsEvidence() {
        SampleProject project = jhipster()
                .file("src/main/docker/services.yml", """
                        name: storefront
                        services:
                          postgresql:
                            extends:
                              file: ./postgresql.yml
                              service: postgresql
                        """)
                .file("src/main/docker/sonar.yml", "services:\n  sonar:\n    image: sonarqube:10.5-community\n")
                .file("src/main/docker/jib/entrypoint.sh", "#!/bin/sh\n");

        ProjectModel model = project.detect();

        assertThat(model.existingCompose()).isNull();
        assertThat(model.services()).hasSize(1);
        DatabaseService postgres = model.services().get(0);
        assertThat(postgres.type()).isEqualTo(DatabaseType.POSTGRES);
        assertThat(postgres.fromExistingCompose()).isFalse();
        assertThat(postgres.image()).isEqualTo("postgres:17.4");
        assertThat(postgres.imageMajorVersion()).isEqualTo("17");
        assertThat(postgres.user()).isEqualTo("storefront");
        assertThat(postgres.database()).isEqualTo("storefront");
        assertThat(postgres.port()).isEqualTo(5432);
        assertThat(evidence(postgres)).contains("src/main/docker/postgresql.yml:4 services.postgresql.image",
                "src/main/docker/postgresql.yml:6 services.postgresql.environment.POSTGRES_USER",
                "src/main/resources/config/application-dev.yml:3 spring.datasource.url");
        assertThat(model.notes()).isEmpty();
    }

    @Test
    void theApplicationsOwnSettingsWinOverAnEvidenceFileAndTheDisagreementIsReported() {
        SampleProject project = jhipster().file("docker/mysql-and-postgres.yaml", """
                services:
                  pg:
                    image: postgres:16-alpine
                    environment:
                      POSTGRES_USER: someone-else
                """);

        ProjectModel model = project.detect();

        DatabaseService postgres = model.services().get(0);
        assertThat(postgres.user()).isEqualTo("storefront");
        // two evidence files that disagree: both named, the one read first (docker/ before src/main/docker/) kept
        assertThat(postgres.image()).isEqualTo("postgres:16-alpine");
        assertThat(String.join("\n", model.notes())).contains("docker/mysql-and-postgres.yaml:5 services.pg.environment.POSTGRES_USER",
                "src/main/docker/postgresql.yml:4 services.postgresql.image", "docker/mysql-and-postgres.yaml:3 services.pg.image");
    }

    @Test
    void anEvidenceFileNeverAddsADatabaseThatNothingElseUses() {
        SampleProject project = new SampleProject(dir).pom("storefront", "org.postgresql:postgresql")
                .file("src/main/docker/postgresql.yml", JHIPSTER_POSTGRESQL)
                .file("src/main/docker/redis.yml", "services:\n  redis:\n    image: redis:7.4\n")
                .file("docker/broken.yml", "services: [\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::type).containsExactly(DatabaseType.POSTGRES);
        assertThat(model.services().get(0).image()).isEqualTo("postgres:17.4");
        assertThat(project.log.all()).contains("WARN Ignoring docker/broken.yml as evidence");
    }

    @Test
    void evidenceFilesAreInputsOfGenerate() {
        SampleProject project = jhipster();

        assertThat(new ProjectDetector(project.log).inputFiles(dir)).contains(dir.resolve("src/main/docker/postgresql.yml"));
    }

    @Test
    void aComposeFileThatSpringBootStartsOnTheHostBesideTheDevStackIsReported() {
        SampleProject project = new SampleProject(dir).pom("storefront", "org.postgresql:postgresql",
                        "org.springframework.boot:spring-boot-docker-compose")
                .resource("config/application-dev.yml", JHIPSTER_APP_CONFIG + """
                          docker:
                            compose:
                              file: src/main/docker/services.yml
                        """)
                .file("src/main/docker/postgresql.yml", JHIPSTER_POSTGRESQL);

        ProjectModel model = project.detect();

        assertThat(model.notes()).containsExactly("src/main/resources/config/application-dev.yml:8 spring.docker.compose.file:"
                + " on the host, Spring Boot's Compose support starts src/main/docker/services.yml, a stack of its own beside"
                + " the dev stack; run the app in the dev container (where that support is off), or stop one stack first,"
                + " so that each database runs once.");
    }

    @Test
    void springBootStartingTheIncludedFileItselfIsNoSecondStack() {
        SampleProject project = new SampleProject(dir).pom("storefront", "org.postgresql:postgresql",
                        "org.springframework.boot:spring-boot-docker-compose")
                .resource("application.properties", "spring.docker.compose.file=./compose.yaml\n")
                .file("compose.yaml", JHIPSTER_POSTGRESQL);

        assertThat(project.detect().notes()).isEmpty();
    }

    private SampleProject jhipster() {
        return new SampleProject(dir).pom("storefront", "org.postgresql:postgresql")
                .resource("config/application-dev.yml", JHIPSTER_APP_CONFIG)
                .file("src/main/docker/postgresql.yml", JHIPSTER_POSTGRESQL);
    }
}
