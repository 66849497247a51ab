package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PomDetectionTest {

    @TempDir
    Path dir;

    @Test
    void aDriverWithoutConfigurationIsOneServiceWithDefaults() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql");

        ProjectModel model = project.detect();

        assertThat(model.name()).isEqualTo("demo");
        assertThat(model.services()).hasSize(1);
        DatabaseService postgres = model.services().get(0);
        assertThat(postgres.name()).isEqualTo("postgres");
        assertThat(postgres.type()).isEqualTo(DatabaseType.POSTGRES);
        assertThat(postgres.image()).isEqualTo("postgres:16-alpine");
        assertThat(postgres.host()).isEqualTo("localhost");
        assertThat(postgres.port()).isEqualTo(5432);
        assertThat(postgres.database()).isEqualTo("demo");
        assertThat(postgres.user()).isEqualTo("demo");
        assertThat(postgres.password()).isEqualTo("demo");
        assertThat(postgres.path()).isNull();
        assertThat(postgres.fromExistingCompose()).isFalse();
        assertThat(SampleProject.evidence(postgres))
                .containsExactly(project.dependencyEvidence("pom.xml", "org.postgresql:postgresql"));
        assertThat(model.existingCompose()).isNull();
        assertThat(model.notes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "org.postgresql:postgresql, postgres",
            "org.postgresql:r2dbc-postgresql, postgres",
            "io.r2dbc:r2dbc-postgresql, postgres",
            "io.quarkus:quarkus-jdbc-postgresql, postgres",
            "com.mysql:mysql-connector-j, mysql",
            "mysql:mysql-connector-java, mysql",
            "io.quarkus:quarkus-jdbc-mysql, mysql",
            "org.mariadb.jdbc:mariadb-java-client, mariadb",
            "org.mariadb:r2dbc-mariadb, mariadb",
            "io.quarkus:quarkus-jdbc-mariadb, mariadb",
            "org.xerial:sqlite-jdbc, sqlite",
            "redis.clients:jedis, redis",
            "io.lettuce:lettuce-core, redis",
            "org.redisson:redisson, redis",
            "org.springframework.boot:spring-boot-starter-data-redis, redis",
            "org.springframework.boot:spring-boot-starter-data-redis-reactive, redis",
            "io.quarkus:quarkus-redis-client, redis",
            "io.micronaut.redis:micronaut-redis-lettuce, redis",
    })
    void recognisesDriversAndClientsByGroupAndArtifact(String coordinates, String type) {
        ProjectModel model = new SampleProject(dir).pom("demo", coordinates).detect();

        assertThat(model.services()).extracting(s -> s.type().id()).containsExactly(type);
        assertThat(model.services().get(0).name()).isEqualTo(type);
    }

    @Test
    void redisDefaultsHaveDatabaseZeroAndNoUser() {
        DatabaseService redis = new SampleProject(dir).pom("demo", "redis.clients:jedis").detect().services().get(0);

        assertThat(redis.database()).isEqualTo("0");
        assertThat(redis.user()).isEmpty();
        assertThat(redis.port()).isEqualTo(6379);
        assertThat(redis.image()).isEqualTo("redis:7-alpine");
    }

    @Test
    void sqliteDefaultsToAFileUnderData() {
        DatabaseService sqlite = new SampleProject(dir).pom("My-Shop", "org.xerial:sqlite-jdbc").detect().services().get(0);

        assertThat(sqlite.path()).isEqualTo("data/my_shop.db");
        assertThat(sqlite.port()).isZero();
        assertThat(sqlite.image()).isNull();
    }

    @Test
    void defaultNamesComeFromTheArtifactIdInLowerCaseWithUnderscores() {
        DatabaseService mysql = new SampleProject(dir).pom("My-Shop.App", "com.mysql:mysql-connector-j").detect().services().get(0);

        assertThat(mysql.database()).isEqualTo("my_shop_app");
        assertThat(mysql.user()).isEqualTo("my_shop_app");
        assertThat(mysql.password()).isEqualTo("my_shop_app");
    }

    @Test
    void managedAndTestScopedDependenciesDoNotCountButProfileDependenciesDo() {
        String extra = """
                <dependencyManagement>
                  <dependencies>
                    <dependency>
                      <groupId>com.mysql</groupId>
                      <artifactId>mysql-connector-j</artifactId>
                      <version>9.1.0</version>
                    </dependency>
                  </dependencies>
                </dependencyManagement>
                <profiles>
                  <profile>
                    <id>cache</id>
                    <dependencies>
                      <dependency>
                        <groupId>io.lettuce</groupId>
                        <artifactId>lettuce-core</artifactId>
                      </dependency>
                    </dependencies>
                  </profile>
                </profiles>
                """;
        SampleProject project = new SampleProject(dir).modulePom("", "demo", extra, "org.postgresql:postgresql:test");

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name).containsExactly("redis");
        assertThat(SampleProject.evidence(model.services().get(0)))
                .containsExactly(project.dependencyEvidence("pom.xml", "io.lettuce:lettuce-core"));
    }

    @Test
    void aProjectWithoutDatabaseHasNoServices() {
        SampleProject project = new SampleProject(dir).pom("plain", "com.fasterxml.jackson.core:jackson-databind")
                .resource("application.properties", "server.port=8080\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).isEmpty();
        assertThat(model.hasDatabases()).isFalse();
        assertThat(model.notes()).isEmpty();
        assertThat(project.log.all()).contains("No database found");
    }

    @Test
    void servicesAreSortedByTypeThenName() {
        SampleProject project = new SampleProject(dir)
                .pom("demo", "redis.clients:jedis", "com.mysql:mysql-connector-j", "org.postgresql:postgresql",
                        "org.xerial:sqlite-jdbc")
                .resource("application.properties", """
                        spring.datasource.url=jdbc:postgresql://localhost/main
                        app.datasource.audit.url=jdbc:postgresql://localhost/audit
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name)
                .containsExactly("postgres", "postgres-audit", "mysql", "redis", "sqlite");
    }
}
