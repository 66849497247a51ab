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

class QuarkusAndMicronautDetectionTest {

    private static final String PROPERTIES = "src/main/resources/application.properties";
    private static final String YAML = "src/main/resources/application.yml";

    @TempDir
    Path dir;

    @Test
    void quarkusDefaultAndNamedDatasourcesAndRedisHosts() {
        SampleProject project = new SampleProject(dir)
                .pom("demo", "io.quarkus:quarkus-jdbc-postgresql", "io.quarkus:quarkus-redis-client")
                .resource("application.properties", """
                        quarkus.datasource.db-kind=postgresql
                        quarkus.datasource.username=quark
                        quarkus.datasource.password=quarkpw
                        quarkus.datasource.jdbc.url=jdbc:postgresql://localhost:5432/quarkdb
                        quarkus.datasource."reporting".db-kind=postgresql
                        quarkus.datasource."reporting".jdbc.url=jdbc:postgresql://localhost:5432/reports
                        quarkus.redis.hosts=redis://localhost:6380,redis://localhost:6381
                        %dev.quarkus.datasource.username=devuser
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name)
                .containsExactly("postgres", "postgres-reporting", "redis");
        DatabaseService main = service(model, "postgres");
        assertThat(main.database()).isEqualTo("quarkdb");
        assertThat(main.user()).isEqualTo("devuser");
        assertThat(main.password()).isEqualTo("quarkpw");
        assertThat(evidence(main)).contains(PROPERTIES + ":1 quarkus.datasource.db-kind",
                PROPERTIES + ":8 quarkus.datasource.username");
        assertThat(service(model, "postgres-reporting").database()).isEqualTo("reports");
        assertThat(service(model, "redis").port()).isEqualTo(6380);
        assertThat(model.notes()).singleElement().asString()
                .isEqualTo("postgres: user 'devuser' from " + PROPERTIES + ":8 quarkus.datasource.username differs from 'quark' from "
                        + PROPERTIES + ":2 quarkus.datasource.username; using 'devuser'.");
    }

    @Test
    void quarkusDbKindAloneIsADatabaseWithDefaults() {
        SampleProject project = new SampleProject(dir).pom("demo", "io.quarkus:quarkus-jdbc-mariadb")
                .resource("application.yml", """
                        quarkus:
                          datasource:
                            db-kind: mariadb
                        """);

        DatabaseService mariadb = project.detect().services().get(0);

        assertThat(mariadb.type()).isEqualTo(DatabaseType.MARIADB);
        assertThat(mariadb.database()).isEqualTo("demo");
        assertThat(evidence(mariadb)).contains(YAML + ":3 quarkus.datasource.db-kind");
    }

    @Test
    void quarkusNamedDatasourceInYamlWithoutQuotes() {
        SampleProject project = new SampleProject(dir).pom("demo", "io.quarkus:quarkus-jdbc-mysql")
                .resource("application.yml", """
                        quarkus:
                          datasource:
                            users:
                              db-kind: mysql
                              username: usr
                        """);

        DatabaseService mysql = project.detect().services().get(0);

        assertThat(mysql.type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(mysql.user()).isEqualTo("usr");
        assertThat(mysql.name()).isEqualTo("mysql");
    }

    @Test
    void micronautDatasourcesAndRedisUri() {
        SampleProject project = new SampleProject(dir)
                .pom("demo", "org.mariadb.jdbc:mariadb-java-client", "io.micronaut.redis:micronaut-redis-lettuce")
                .resource("application.yml", """
                        micronaut:
                          application:
                            name: demo
                        datasources:
                          default:
                            url: jdbc:mariadb://localhost:3307/mn
                            username: mn
                            password: mnpw
                            db-type: mariadb
                          audit:
                            url: jdbc:mariadb://localhost:3307/audit
                        redis:
                          uri: redis://:redispw@localhost:6379/2
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name).containsExactly("mariadb", "mariadb-audit", "redis");
        DatabaseService mariadb = service(model, "mariadb");
        assertThat(mariadb.port()).isEqualTo(3307);
        assertThat(mariadb.database()).isEqualTo("mn");
        assertThat(mariadb.user()).isEqualTo("mn");
        assertThat(mariadb.password()).isEqualTo("mnpw");
        assertThat(evidence(mariadb)).contains(YAML + ":6 datasources.default.url");
        DatabaseService redis = service(model, "redis");
        assertThat(redis.database()).isEqualTo("2");
        assertThat(redis.password()).isEqualTo("redispw");
        assertThat(redis.user()).isEmpty();
        assertThat(evidence(redis)).contains(YAML + ":13 redis.uri");
    }

    @Test
    void micronautDbTypeWithoutUrl() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.yml", """
                        datasources:
                          default:
                            db-type: postgres
                            username: pguser
                        """);

        DatabaseService postgres = project.detect().services().get(0);

        assertThat(postgres.user()).isEqualTo("pguser");
        assertThat(evidence(postgres)).contains(YAML + ":3 datasources.default.db-type");
    }
}
