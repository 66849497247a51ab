package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A project that uses pgvector gets pgvector's image of its PostgreSQL major, with the evidence. */
class PgvectorDetectionTest {

    @TempDir
    Path dir;

    @Test
    void thePgvectorClientInThePomGivesPgvectorsImageOfTheDefaultMajor() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql", "com.pgvector:pgvector");

        DatabaseService postgres = project.detect().services().get(0);

        assertThat(postgres.image()).isEqualTo("pgvector/pgvector:pg16");
        assertThat(SampleProject.evidence(postgres)).containsExactly(
                project.dependencyEvidence("pom.xml", "org.postgresql:postgresql"),
                project.dependencyEvidence("pom.xml", "com.pgvector:pgvector"));
        assertThat(project.log.all()).contains("Found postgres service 'postgres' from", "com.pgvector:pgvector");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE EXTENSION vector;", "create extension if not exists vector;",
            "CREATE EXTENSION IF NOT EXISTS \"vector\" WITH SCHEMA public;", "  CrEaTe   EXTENSION\tvector ;"})
    void createExtensionVectorInAMigrationGivesPgvectorsImageOfTheConfiguredMajor(String statement) {
        SampleProject project = new SampleProject(dir).pom("shop", "org.postgresql:postgresql")
                .resource("application.properties", "spring.datasource.url=jdbc:postgresql://localhost:5432/shop\n")
                .resource("db/migration/V1__init.sql", "-- schema\n" + statement + "\nCREATE TABLE item (id int);\n");

        DatabaseService postgres = project.detect().services().get(0);

        assertThat(postgres.image()).isEqualTo("pgvector/pgvector:pg16");
        assertThat(SampleProject.evidence(postgres)).contains(
                "src/main/resources/db/migration/V1__init.sql:2 CREATE EXTENSION vector");
    }

    @Test
    void aPinnedMajorKeepsItsMajorBehindPgvectorsTag() {
        SampleProject project = new SampleProject(dir).pom("shop", "org.postgresql:postgresql", "com.pgvector:pgvector")
                .resource("schema.sql", "CREATE TABLE item (id int);\n");
        DatabaseService plain = project.detect().services().get(0);
        // the same project with its database pinned to PostgreSQL 17 (as a Compose file of src/main/docker may say)
        DatabaseService pinned = new PgvectorUse(dir, DockstartLog.SILENT).apply(java.util.List.of(withImage(plain,
                "postgres:17.2-alpine")), java.util.List.of(new io.github.dockstart.model.Evidence("pom.xml", 9,
                "com.pgvector:pgvector")), new java.util.ArrayList<>()).get(0);

        assertThat(plain.image()).isEqualTo("pgvector/pgvector:pg16");
        assertThat(pinned.image()).isEqualTo("pgvector/pgvector:pg17");
    }

    @Test
    void noPgvectorLeavesThePlainImageAndAVectorWordElsewhereIsNoEvidence() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql", "com.pgvector:pgvector:test")
                .resource("schema.sql", "CREATE TABLE vector_store (id int); -- CREATE EXTENSION vectors is another one\n"
                        + "CREATE EXTENSION vector_ext;\n")
                .file("src/test/resources/schema.sql", "CREATE EXTENSION vector;\n");

        DatabaseService postgres = project.detect().services().get(0);

        assertThat(postgres.image()).isEqualTo("postgres:16-alpine");
        assertThat(SampleProject.evidence(postgres)).noneMatch(e -> e.contains("vector"));
    }

    @Test
    void theProjectsOwnComposeServiceIsKeptAndANoteSaysWhichImageHasTheExtension() {
        SampleProject project = new SampleProject(dir).pom("shop", "org.postgresql:postgresql")
                .file("compose.yaml", """
                        services:
                          db:
                            image: postgres:17-alpine
                            environment:
                              POSTGRES_PASSWORD: secret
                        """)
                .resource("db/changelog/init.sql", "CREATE EXTENSION IF NOT EXISTS vector;\n");

        ProjectModel model = project.detect();

        assertThat(SampleProject.service(model, "db").image()).isEqualTo("postgres:17-alpine");
        assertThat(model.notes()).singleElement().asString().contains("pgvector", "service db", "postgres:17-alpine",
                "pgvector/pgvector:pg17", "src/main/resources/db/changelog/init.sql:1");
    }

    @Test
    void aComposeServiceOnPgvectorsImageIsPostgresAndNeedsNoNote() {
        SampleProject project = new SampleProject(dir).pom("shop", "org.postgresql:postgresql", "com.pgvector:pgvector")
                .file("compose.yaml", """
                        services:
                          db:
                            image: pgvector/pgvector:pg17
                            environment:
                              POSTGRES_PASSWORD: secret
                        """);

        ProjectModel model = project.detect();

        assertThat(SampleProject.service(model, "db").type()).isEqualTo(DatabaseType.POSTGRES);
        assertThat(SampleProject.service(model, "db").image()).isEqualTo("pgvector/pgvector:pg17");
        assertThat(model.notes()).isEmpty();
    }

    @Test
    void aMajorPgvectorHasNoImageForKeepsItsImageWithANote() {
        SampleProject project = new SampleProject(dir).pom("shop", "org.postgresql:postgresql", "com.pgvector:pgvector");
        DatabaseService old = withImage(project.detect().services().get(0), "postgres:12-alpine");
        java.util.List<String> notes = new java.util.ArrayList<>();

        DatabaseService kept = new PgvectorUse(dir, DockstartLog.SILENT).apply(java.util.List.of(old),
                java.util.List.of(new io.github.dockstart.model.Evidence("pom.xml", 9, "com.pgvector:pgvector")), notes).get(0);

        assertThat(kept.image()).isEqualTo("postgres:12-alpine");
        assertThat(notes).singleElement().asString().contains("PostgreSQL 12", "postgres:12-alpine", "13");
    }

    @Test
    void theSqlResourcesCountAsInputFiles() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("db/migration/V1__init.sql", "CREATE EXTENSION vector;\n");

        assertThat(new ProjectDetector(DockstartLog.SILENT).inputFiles(dir))
                .contains(dir.resolve("src/main/resources/db/migration/V1__init.sql"));
    }

    private static DatabaseService withImage(DatabaseService db, String image) {
        return new DatabaseService(db.name(), db.type(), image, db.host(), db.port(), db.database(), db.user(),
                db.password(), db.path(), db.fromExistingCompose(), db.evidence(), db.appSettings());
    }
}
