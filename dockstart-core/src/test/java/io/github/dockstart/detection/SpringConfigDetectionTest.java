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

class SpringConfigDetectionTest {

    private static final String PROPERTIES = "src/main/resources/application.properties";
    private static final String YAML = "src/main/resources/application.yml";
    private static final String DEV_YAML = "src/main/resources/application-dev.yml";

    @TempDir
    Path dir;

    @Test
    void springDatasourcePropertiesGiveTheConnectionAndTheirLines() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        spring.application.name=demo
                        spring.datasource.url=jdbc:postgresql://db.local:5433/shop?sslmode=disable
                        spring.datasource.username=shopper
                        spring.datasource.password=s3cret
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).hasSize(1);
        DatabaseService postgres = model.services().get(0);
        assertThat(postgres.name()).isEqualTo("postgres");
        assertThat(postgres.host()).isEqualTo("db.local");
        assertThat(postgres.port()).isEqualTo(5433);
        assertThat(postgres.database()).isEqualTo("shop");
        assertThat(postgres.user()).isEqualTo("shopper");
        assertThat(postgres.password()).isEqualTo("s3cret");
        assertThat(evidence(postgres)).containsExactly(
                project.dependencyEvidence("pom.xml", "org.postgresql:postgresql"),
                PROPERTIES + ":2 spring.datasource.url",
                PROPERTIES + ":3 spring.datasource.username",
                PROPERTIES + ":4 spring.datasource.password");
        assertThat(project.log.all()).doesNotContain("s3cret");
    }

    @Test
    void yamlKeysKeepTheirLinesAndPlaceholdersResolveToTheirDefaults() {
        SampleProject project = new SampleProject(dir).pom("demo", "com.mysql:mysql-connector-j")
                .resource("application.yml", """
                        spring:
                          datasource:
                            url: ${JDBC_URL:jdbc:mysql://localhost:${DB_PORT:3307}/shop}
                            username: ${DB_USER:shop}
                            password: ${DB_PASSWORD:secret}
                        """);

        DatabaseService mysql = project.detect().services().get(0);

        assertThat(mysql.type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(mysql.port()).isEqualTo(3307);
        assertThat(mysql.database()).isEqualTo("shop");
        assertThat(mysql.user()).isEqualTo("shop");
        assertThat(mysql.password()).isEqualTo("secret");
        assertThat(evidence(mysql)).containsSubsequence(YAML + ":3 spring.datasource.url",
                YAML + ":4 spring.datasource.username", YAML + ":5 spring.datasource.password");
    }

    @Test
    void placeholdersResolveAgainstOtherKeysOfTheConfiguration() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        db.host=pg.internal
                        spring.datasource.url=jdbc:postgresql://${db.host}/orders
                        """);

        assertThat(project.detect().services().get(0).host()).isEqualTo("pg.internal");
    }

    @Test
    void aProfileFileBeatsTheBaseFileAndTheDisagreementIsNoted() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.yml", """
                        spring:
                          datasource:
                            url: jdbc:postgresql://localhost:5432/demo
                            username: demo
                        """)
                .resource("application-dev.yml", """
                        spring:
                          datasource:
                            url: jdbc:postgresql://localhost:5432/demo_dev
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).hasSize(1);
        DatabaseService postgres = model.services().get(0);
        assertThat(postgres.database()).isEqualTo("demo_dev");
        assertThat(postgres.user()).isEqualTo("demo");
        assertThat(evidence(postgres)).contains(YAML + ":3 spring.datasource.url", DEV_YAML + ":3 spring.datasource.url");
        assertThat(model.notes()).containsExactly("postgres: database 'demo_dev' from " + DEV_YAML
                + ":3 spring.datasource.url differs from 'demo' from " + YAML + ":3 spring.datasource.url; using 'demo_dev'.");
    }

    @Test
    void aProfileDocumentOfAMultiDocumentYamlBeatsTheBaseDocumentWithoutShowingPasswords() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.yml", """
                        spring:
                          datasource:
                            url: jdbc:postgresql://localhost/demo
                            password: base-password
                        ---
                        spring:
                          config:
                            activate:
                              on-profile: local
                          datasource:
                            password: local-password
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services().get(0).password()).isEqualTo("local-password");
        assertThat(model.notes()).singleElement().asString()
                .contains(YAML + ":11 spring.datasource.password", YAML + ":4 spring.datasource.password")
                .doesNotContain("base-password", "local-password");
    }

    @Test
    void aProfileSectionBeatsALaterBaseSectionOfAPropertiesFile() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        spring.datasource.url=jdbc:postgresql://localhost/first
                        #---
                        spring.config.activate.on-profile=dev
                        spring.datasource.url=jdbc:postgresql://localhost/dev
                        #---
                        spring.datasource.url=jdbc:postgresql://localhost/last
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).singleElement().extracting(DatabaseService::database).isEqualTo("dev");
        assertThat(evidence(model.services().get(0))).endsWith(PROPERTIES + ":4 spring.datasource.url");
    }

    @Test
    void aProductionProfileDoesNotBeatTheBaseFile() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", "spring.datasource.url=jdbc:postgresql://localhost/demo\n")
                .resource("application-prod.properties", "spring.datasource.url=jdbc:postgresql://prod-db.example.com/demo\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).singleElement().extracting(DatabaseService::host).isEqualTo("localhost");
        assertThat(model.notes()).singleElement().asString().contains("prod-db.example.com", "using 'localhost'");
    }

    @Test
    void twoDatasourcesOfTheSameTypeOnDifferentDatabasesAreTwoServices() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        spring.datasource.url=jdbc:postgresql://localhost:5432/main
                        app.datasource.reporting.url=jdbc:postgresql://localhost:5432/reporting
                        app.datasource.reporting.username=reporter
                        app.datasource.reporting.password=rpw
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name).containsExactly("postgres", "postgres-reporting");
        DatabaseService reporting = service(model, "postgres-reporting");
        assertThat(reporting.database()).isEqualTo("reporting");
        assertThat(reporting.user()).isEqualTo("reporter");
        assertThat(reporting.password()).isEqualTo("rpw");
        assertThat(evidence(reporting)).contains(PROPERTIES + ":2 app.datasource.reporting.url",
                PROPERTIES + ":3 app.datasource.reporting.username");
        assertThat(service(model, "postgres").database()).isEqualTo("main");
        // the driver points at both
        assertThat(evidence(reporting)).contains(project.dependencyEvidence("pom.xml", "org.postgresql:postgresql"));
    }

    @Test
    void twoKeysPointingAtTheSameDatabaseAreOneService() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        spring.datasource.url=jdbc:postgresql://localhost:5432/main
                        spring.flyway.url=jdbc:postgresql://127.0.0.1/main
                        """);

        ProjectModel model = project.detect();

        assertThat(model.services()).singleElement()
                .satisfies(s -> assertThat(evidence(s)).contains(PROPERTIES + ":1 spring.datasource.url", PROPERTIES + ":2 spring.flyway.url"));
    }

    @Test
    void aDatasourceOnAnotherHostIsAnotherService() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        spring.datasource.url=jdbc:postgresql://localhost:5432/main
                        legacy.url=jdbc:postgresql://localhost:5440/main
                        """);

        assertThat(project.detect().services()).extracting(DatabaseService::name, DatabaseService::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("postgres", 5432), org.assertj.core.groups.Tuple.tuple("postgres-legacy", 5440));
    }

    @Test
    void springDataRedisKeysDescribeTheRedisServer() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.springframework.boot:spring-boot-starter-data-redis")
                .resource("application.yml", """
                        spring:
                          data:
                            redis:
                              host: cache.local
                              port: 6380
                              database: 3
                              password: redispw
                        """);

        DatabaseService redis = project.detect().services().get(0);

        assertThat(redis.name()).isEqualTo("redis");
        assertThat(redis.host()).isEqualTo("cache.local");
        assertThat(redis.port()).isEqualTo(6380);
        assertThat(redis.database()).isEqualTo("3");
        assertThat(redis.password()).isEqualTo("redispw");
        assertThat(evidence(redis)).contains(YAML + ":4 spring.data.redis.host", YAML + ":5 spring.data.redis.port");
    }

    @Test
    void springBoot2RedisKeysAndARedisUrlWithUserAndPassword() {
        SampleProject project = new SampleProject(dir).pom("demo", "redis.clients:jedis")
                .resource("application.properties", "spring.redis.url=rediss://app:p%40ss@redis.local:6390/5\n");

        DatabaseService redis = project.detect().services().get(0);

        assertThat(redis.host()).isEqualTo("redis.local");
        assertThat(redis.port()).isEqualTo(6390);
        assertThat(redis.database()).isEqualTo("5");
        assertThat(redis.user()).isEqualTo("app");
        assertThat(redis.password()).isEqualTo("p@ss");
    }

    @Test
    void anyKeyHoldingARedisUrlIsARedisServer() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.redisson:redisson")
                .resource("application.properties", "cache.address=redis://localhost:6381\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).singleElement().extracting(DatabaseService::port).isEqualTo(6381);
        assertThat(evidence(model.services().get(0))).contains(PROPERTIES + ":1 cache.address");
    }

    @Test
    void aSqliteUrlGivesThePathRelativeToTheProjectRoot() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.xerial:sqlite-jdbc")
                .resource("application.properties", "spring.datasource.url=jdbc:sqlite:./data/app.db\n");

        DatabaseService sqlite = project.detect().services().get(0);

        assertThat(sqlite.type()).isEqualTo(DatabaseType.SQLITE);
        assertThat(sqlite.path()).isEqualTo("data/app.db");
        assertThat(sqlite.database()).isEqualTo("app");
        assertThat(sqlite.port()).isZero();
        assertThat(sqlite.image()).isNull();
    }

    @Test
    void theUrlWinsOverTheDriverAndTheDisagreementIsNoted() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", "spring.datasource.url=jdbc:mysql://localhost/shop\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name).containsExactly("mysql");
        assertThat(model.notes()).containsExactly(project.dependencyEvidence("pom.xml", "org.postgresql:postgresql")
                + " suggests postgres, but " + PROPERTIES + ":1 spring.datasource.url says mysql; using mysql.");
    }

    @Test
    void aMysqlUrlWithOnlyTheMariaDbDriverIsMariaDb() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.mariadb.jdbc:mariadb-java-client")
                .resource("application.properties", "spring.datasource.url=jdbc:mysql://localhost/shop\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::type).containsExactly(DatabaseType.MARIADB);
        assertThat(model.notes()).isEmpty();
    }

    @Test
    void aDatasourceWithoutUrlTakesThePomsDriver() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.mariadb.jdbc:mariadb-java-client")
                .resource("application.properties", "spring.datasource.username=maria\n");

        DatabaseService mariadb = project.detect().services().get(0);

        assertThat(mariadb.type()).isEqualTo(DatabaseType.MARIADB);
        assertThat(mariadb.user()).isEqualTo("maria");
    }

    @Test
    void otherDatabasesAreIgnored() {
        SampleProject project = new SampleProject(dir).pom("demo", "com.h2database:h2")
                .resource("application.properties", "spring.datasource.url=jdbc:h2:mem:test\n");

        assertThat(project.detect().services()).isEmpty();
    }
}
