package io.github.dockstart.detection;

import static io.github.dockstart.detection.SampleProject.evidence;
import static io.github.dockstart.detection.SampleProject.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeDetectionTest {

    private static final String COMPOSE_WITH_POSTGRES_AND_REDIS = """
            services:
              db:
                image: postgres:15.4
                environment:
                  POSTGRES_USER: shop
                  POSTGRES_PASSWORD: composepw
                  POSTGRES_DB: shop
                ports:
                  - "127.0.0.1:5433:5432"
              cache:
                image: docker.io/library/redis:7.2-alpine
                command: redis-server --requirepass cachepw
              mail:
                image: mailhog/mailhog
                restart: no
            """;

    @TempDir
    Path dir;

    @Test
    void postgresAndRedisServicesOfAnExistingComposeFileAreKept() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql", "redis.clients:jedis")
                .file("compose.yaml", COMPOSE_WITH_POSTGRES_AND_REDIS);

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name).containsExactly("db", "cache");
        DatabaseService db = service(model, "db");
        assertThat(db.type()).isEqualTo(DatabaseType.POSTGRES);
        assertThat(db.fromExistingCompose()).isTrue();
        assertThat(db.image()).isEqualTo("postgres:15.4");
        assertThat(db.user()).isEqualTo("shop");
        assertThat(db.password()).isEqualTo("composepw");
        assertThat(db.database()).isEqualTo("shop");
        assertThat(db.port()).isEqualTo(5432);
        assertThat(evidence(db)).containsExactly(
                project.dependencyEvidence("pom.xml", "org.postgresql:postgresql"),
                "compose.yaml:3 services.db.image",
                "compose.yaml:5 services.db.environment.POSTGRES_USER",
                "compose.yaml:6 services.db.environment.POSTGRES_PASSWORD",
                "compose.yaml:7 services.db.environment.POSTGRES_DB",
                "compose.yaml:9 services.db.ports[0]");
        DatabaseService cache = service(model, "cache");
        assertThat(cache.type()).isEqualTo(DatabaseType.REDIS);
        assertThat(cache.image()).isEqualTo("docker.io/library/redis:7.2-alpine");
        assertThat(cache.password()).isEqualTo("cachepw");
        assertThat(cache.port()).isEqualTo(6379);
        assertThat(cache.fromExistingCompose()).isTrue();

        assertThat(model.existingCompose().file()).isEqualTo("compose.yaml");
        Map<?, ?> services = (Map<?, ?>) model.existingCompose().document().get("services");
        assertThat(services.keySet()).map(Object::toString).containsExactly("db", "cache", "mail");
        assertThat(((Map<?, ?>) services.get("mail")).get("restart")).isEqualTo("no");
    }

    @Test
    void aComposeServiceJoinsTheDatasourceItServesAndTheApplicationsPasswordWins() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        spring.datasource.url=jdbc:postgresql://localhost:5433/shop
                        spring.datasource.username=shop
                        spring.datasource.password=apppw
                        """)
                .file("docker-compose.yml", COMPOSE_WITH_POSTGRES_AND_REDIS);

        ProjectModel model = project.detect();

        DatabaseService db = service(model, "db");
        assertThat(model.services()).filteredOn(s -> s.type() == DatabaseType.POSTGRES).hasSize(1);
        assertThat(db.password()).isEqualTo("apppw");
        assertThat(db.port()).isEqualTo(5432);
        assertThat(db.fromExistingCompose()).isTrue();
        assertThat(evidence(db)).contains("src/main/resources/application.properties:1 spring.datasource.url",
                "docker-compose.yml:6 services.db.environment.POSTGRES_PASSWORD");
        assertThat(model.notes()).containsExactly("db: the password from src/main/resources/application.properties:3 "
                + "spring.datasource.password differs from the one in docker-compose.yml:6 "
                + "services.db.environment.POSTGRES_PASSWORD; using src/main/resources/application.properties:3 spring.datasource.password.");
        assertThat(String.join("\n", model.notes()) + project.log.all()).doesNotContain("apppw", "composepw");
    }

    @Test
    void listEnvironmentAndComposeVariablesWithDefaultsAndFromDotEnv() {
        SampleProject project = new SampleProject(dir).pom("demo")
                .file(".env", "MYSQL_USER_NAME=fromenv\n")
                .file("compose.yml", """
                        services:
                          mysql:
                            image: mysql:8.0
                            environment:
                              - MYSQL_DATABASE=shop
                              - MYSQL_USER=${MYSQL_USER_NAME}
                              - MYSQL_PASSWORD=${MYSQL_PASSWORD:-fallbackpw}
                        """);

        DatabaseService mysql = project.detect().services().get(0);

        assertThat(mysql.name()).isEqualTo("mysql");
        assertThat(mysql.type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(mysql.database()).isEqualTo("shop");
        assertThat(mysql.user()).isEqualTo("fromenv");
        assertThat(mysql.password()).isEqualTo("fallbackpw");
        assertThat(mysql.port()).isEqualTo(3306);
        assertThat(evidence(mysql)).contains("compose.yml:7 services.mysql.environment.MYSQL_PASSWORD");
    }

    @Test
    void composeYamlIsReadBeforeDockerComposeYml() {
        SampleProject project = new SampleProject(dir).pom("demo")
                .file("docker-compose.yml", "services:\n  old:\n    image: mysql:5.7\n")
                .file("compose.yaml", "services:\n  new:\n    image: bitnami/postgresql:16\n");

        ProjectModel model = project.detect();

        assertThat(model.existingCompose().file()).isEqualTo("compose.yaml");
        assertThat(model.services()).extracting(DatabaseService::name).containsExactly("new");
    }

    @Test
    void mariaDbImageWithRootPasswordOnly() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.mariadb.jdbc:mariadb-java-client")
                .file("docker-compose.yaml", """
                        services:
                          maria:
                            image: mariadb:11
                            environment:
                              MARIADB_ROOT_PASSWORD: rootpw
                              MARIADB_DATABASE: shop
                            ports: ["3310:3306"]
                        """);

        DatabaseService maria = project.detect().services().get(0);

        assertThat(maria.type()).isEqualTo(DatabaseType.MARIADB);
        assertThat(maria.user()).isEqualTo("root");
        assertThat(maria.password()).isEqualTo("rootpw");
        assertThat(maria.database()).isEqualTo("shop");
        assertThat(maria.port()).isEqualTo(3306);
    }

    @Test
    void aDatasourceThatNoComposeServiceServesGetsItsOwnService() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        spring.datasource.url=jdbc:postgresql://localhost:5433/shop
                        app.datasource.archive.url=jdbc:postgresql://localhost:5499/archive
                        """)
                .file("compose.yaml", COMPOSE_WITH_POSTGRES_AND_REDIS);

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name, DatabaseService::fromExistingCompose)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("db", true),
                        org.assertj.core.groups.Tuple.tuple("postgres-archive", false),
                        org.assertj.core.groups.Tuple.tuple("cache", true));
    }

    @Test
    void theStacksProjectNameIsTheFilesNameElseDotEnvsElseTheDirectorysAsComposeNormalisesIt() {
        SampleProject project = new SampleProject(dir).pom("demo").file("compose.yaml", COMPOSE_WITH_POSTGRES_AND_REDIS);
        ProjectModel.ExistingCompose byDirectory = project.detect().existingCompose();
        project.file(".env", "COMPOSE_PROJECT_NAME=From_Env\n");
        ProjectModel.ExistingCompose byDotEnv = project.detect().existingCompose();
        project.file("compose.yaml", "name: shop\n" + COMPOSE_WITH_POSTGRES_AND_REDIS);
        ProjectModel byName = project.detect();

        assertThat(byDirectory.projectName()).isEqualTo(ComposeFileReader.normalizeProjectName(dir.getFileName().toString()));
        assertThat(byDirectory.nameSource()).isEqualTo(ProjectModel.ExistingCompose.NAMED_AFTER_DIRECTORY);
        assertThat(byDotEnv.projectName()).isEqualTo("from_env");
        assertThat(byName.existingCompose().projectName()).isEqualTo("shop");
        // the generated stack takes that name rather than the pom's
        assertThat(byName.composeProjectName()).isEqualTo("shop");
        assertThat(ComposeFileReader.normalizeProjectName("-My.Shop_2")).isEqualTo("myshop_2");
    }
}
