package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.GeneratedProject.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.github.dockstart.detection.ProjectDetector;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.validation.ComposeValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app service's environment for each framework's way of configuring its databases: the
 * projects are detected as {@code generate} detects them, and the overrides must point every key
 * the app reads at the Compose service, on the port the server listens on inside the network.
 */
class AppEnvironmentTest {

    @TempDir
    Path root;

    @Test
    void springBootDatasourceAndRedisOfBoot3() throws IOException {
        pom("shop", "org.springframework.boot:spring-boot-starter-data-jpa", "org.postgresql:postgresql",
                "org.springframework.boot:spring-boot-starter-data-redis");
        resource("application.properties", """
                spring.datasource.url=jdbc:postgresql://localhost:5433/shop?currentSchema=app
                spring.datasource.username=shop
                spring.datasource.password=Sh0p-$ecret
                spring.data.redis.host=localhost
                spring.data.redis.port=6380
                """);

        assertThat(environment()).containsExactly(
                entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/shop?currentSchema=app"),
                entry("SPRING_DATASOURCE_USERNAME", "shop"),
                entry("SPRING_DATASOURCE_PASSWORD", "Sh0p-$ecret"),
                entry("SPRING_DATA_REDIS_HOST", "redis"),
                entry("SPRING_DATA_REDIS_PORT", "6379"));
    }

    @Test
    void springBoot2RedisKeysAndAYamlHikariUrl() throws IOException {
        pom("legacy", "org.springframework.boot:spring-boot-starter-jdbc", "com.mysql:mysql-connector-j",
                "org.springframework.boot:spring-boot-starter-data-redis");
        resource("application.yml", """
                spring:
                  datasource:
                    hikari:
                      jdbc-url: jdbc:mysql://127.0.0.1/legacy
                      username: legacy
                      password: legacy-pw
                  redis:
                    url: redis://:cache-pw@localhost:6379/2
                """);

        assertThat(environment()).containsExactly(
                entry("SPRING_DATASOURCE_HIKARI_JDBCURL", "jdbc:mysql://mysql:3306/legacy"),
                entry("SPRING_DATASOURCE_HIKARI_USERNAME", "legacy"),
                entry("SPRING_DATASOURCE_HIKARI_PASSWORD", "legacy-pw"),
                entry("SPRING_REDIS_URL", "redis://:cache-pw@redis:6379/2"),
                entry("SPRING_REDIS_PASSWORD", "cache-pw"));
    }

    @Test
    void placeholdersGetTheirVariablesAndTheKeyItsWholeValue() throws IOException {
        pom("orders", "org.springframework.boot:spring-boot-starter-jdbc", "com.mysql:mysql-connector-j");
        resource("application.properties", """
                spring.datasource.url=jdbc:mysql://${MYSQL_HOST:localhost}:${MYSQL_PORT:3306}/${MYSQL_DATABASE:orders}
                spring.datasource.username=${MYSQL_USER:orders}
                spring.datasource.password=${MYSQL_PASSWORD}
                """);

        // the password has no default: generate chose one, and the app gets it
        assertThat(environment()).containsExactly(
                entry("SPRING_DATASOURCE_URL", "jdbc:mysql://mysql:3306/orders"),
                entry("MYSQL_HOST", "mysql"),
                entry("MYSQL_PORT", "3306"),
                entry("MYSQL_DATABASE", "orders"),
                entry("SPRING_DATASOURCE_USERNAME", "orders"),
                entry("MYSQL_USER", "orders"),
                entry("SPRING_DATASOURCE_PASSWORD", "orders"),
                entry("MYSQL_PASSWORD", "orders"));
    }

    @Test
    void springBootDockerComposeIsSwitchedOffAndTheDatabaseOfTheComposeFileFound() throws IOException {
        pom("blog", "org.springframework.boot:spring-boot-starter-data-jpa", "org.postgresql:postgresql",
                "org.springframework.boot:spring-boot-docker-compose:runtime");
        Files.writeString(root.resolve("compose.yaml"), """
                services:
                  db:
                    image: postgres:16
                    environment:
                      POSTGRES_DB: blog
                      POSTGRES_USER: blog
                      POSTGRES_PASSWORD: blog-pw
                    ports:
                      - "15432:5432"
                """);

        // nothing configures the datasource: Spring Boot's Docker Compose support did, on the host
        assertThat(environment()).containsExactly(
                entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/blog"),
                entry("SPRING_DATASOURCE_USERNAME", "blog"),
                entry("SPRING_DATASOURCE_PASSWORD", "blog-pw"),
                entry("SPRING_DOCKER_COMPOSE_ENABLED", "false"));
    }

    @Test
    void springBootDockerComposeInTestScopeStaysOn() throws IOException {
        pom("blog", "org.springframework.boot:spring-boot-starter-data-redis",
                "org.springframework.boot:spring-boot-docker-compose:test");

        assertThat(environment()).containsExactly(
                entry("SPRING_DATA_REDIS_HOST", "redis"),
                entry("SPRING_DATA_REDIS_PORT", "6379"));
    }

    @Test
    void springBootNamedDatasourcesUnderTheApplicationsOwnPrefix() throws IOException {
        pom("reports", "org.springframework.boot:spring-boot-starter-jdbc", "org.postgresql:postgresql");
        resource("application.properties", """
                spring.datasource.url=jdbc:postgresql://localhost:5432/main
                spring.datasource.username=main
                spring.datasource.password=main-pw
                app.datasource.reporting.jdbc-url=jdbc:postgresql://localhost:5433/reporting
                """);

        assertThat(environment()).containsExactly(
                entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/main"),
                entry("SPRING_DATASOURCE_USERNAME", "main"),
                entry("SPRING_DATASOURCE_PASSWORD", "main-pw"),
                entry("APP_DATASOURCE_REPORTING_JDBCURL", "jdbc:postgresql://postgres-reporting:5432/reporting"),
                entry("APP_DATASOURCE_REPORTING_USERNAME", "reports"),
                entry("APP_DATASOURCE_REPORTING_PASSWORD", "reports"));
    }

    @Test
    void quarkusDefaultAndNamedDatasourcesAndRedis() throws IOException {
        pom("fruits", "io.quarkus:quarkus-hibernate-orm-panache", "io.quarkus:quarkus-jdbc-postgresql",
                "io.quarkus:quarkus-jdbc-mariadb", "io.quarkus:quarkus-redis-client");
        resource("application.properties", """
                quarkus.datasource.db-kind=postgresql
                quarkus.datasource.username=fruits
                quarkus.datasource.password=fruits
                %dev.quarkus.datasource.jdbc.url=jdbc:postgresql://localhost:5433/fruits
                quarkus.datasource."users".db-kind=mariadb
                quarkus.datasource."users".jdbc.url=jdbc:mariadb://localhost:3306/users
                quarkus.redis.hosts=redis://localhost:6379
                """);

        // the dev profile's URL too: an environment variable without a profile counts over a profile's key
        assertThat(environment()).containsExactly(
                entry("QUARKUS_DATASOURCE_USERNAME", "fruits"),
                entry("QUARKUS_DATASOURCE_PASSWORD", "fruits"),
                entry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/fruits"),
                entry("QUARKUS_DATASOURCE__USERS__JDBC_URL", "jdbc:mariadb://mariadb:3306/users"),
                entry("QUARKUS_DATASOURCE__USERS__USERNAME", "fruits"),
                entry("QUARKUS_DATASOURCE__USERS__PASSWORD", "fruits"),
                entry("QUARKUS_REDIS_HOSTS", "redis://redis:6379"));
    }

    @Test
    void quarkusReactiveUrl() throws IOException {
        pom("rx", "io.quarkus:quarkus-reactive-pg-client");
        resource("application.properties", """
                quarkus.datasource.reactive.url=postgresql://localhost:5432/rx
                quarkus.datasource.username=rx
                quarkus.datasource.password=rx
                """);

        assertThat(environment()).containsExactly(
                entry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://postgres:5432/rx"),
                entry("QUARKUS_DATASOURCE_USERNAME", "rx"),
                entry("QUARKUS_DATASOURCE_PASSWORD", "rx"));
    }

    @Test
    void micronautDatasourceAndRedis() throws IOException {
        pom("inventory", "io.micronaut.sql:micronaut-jdbc-hikari", "org.mariadb.jdbc:mariadb-java-client",
                "io.micronaut.redis:micronaut-redis-lettuce");
        resource("application.yml", """
                datasources:
                  default:
                    url: jdbc:mariadb://localhost:3306/inventory
                    username: inventory
                    password: inventory
                    driver-class-name: org.mariadb.jdbc.Driver
                redis:
                  uri: redis://localhost
                """);

        assertThat(environment()).containsExactly(
                entry("DATASOURCES_DEFAULT_URL", "jdbc:mariadb://mariadb:3306/inventory"),
                entry("DATASOURCES_DEFAULT_USERNAME", "inventory"),
                entry("DATASOURCES_DEFAULT_PASSWORD", "inventory"),
                entry("REDIS_URI", "redis://redis:6379"));
    }

    @Test
    void aDatabaseFoundOnlyInThePomGetsTheMainKeysOfEachFramework() throws IOException {
        pom("bare", "io.quarkus:quarkus-jdbc-postgresql", "io.micronaut.redis:micronaut-redis-lettuce");

        // generate chose database, user and password from the project's name
        assertThat(environment()).containsExactly(
                entry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/bare"),
                entry("QUARKUS_DATASOURCE_USERNAME", "bare"),
                entry("QUARKUS_DATASOURCE_PASSWORD", "bare"),
                entry("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://postgres:5432/bare"),
                entry("DATASOURCES_DEFAULT_USERNAME", "bare"),
                entry("DATASOURCES_DEFAULT_PASSWORD", "bare"),
                entry("QUARKUS_REDIS_HOSTS", "redis://redis:6379"),
                entry("REDIS_URI", "redis://redis:6379"));
    }

    @Test
    void plainJdbcWithPlaceholdersAndDotEnvUrls() throws IOException {
        pom("plain", "org.postgresql:postgresql", "redis.clients:jedis");
        resource("application.properties", """
                db.url=jdbc:postgresql://${DB_HOST:localhost}:${DB_PORT:5432}/plain?user=${DB_USER:plain}&password=${DB_PASSWORD:pw}
                """);
        Files.writeString(root.resolve(".env"), "REDIS_URL=rediss://localhost:6379/1\n");

        assertThat(environment()).containsExactly(
                entry("DB_URL", "jdbc:postgresql://postgres:5432/plain?user=plain&password=pw"),
                entry("DB_HOST", "postgres"),
                entry("DB_PORT", "5432"),
                entry("DB_USER", "plain"),
                entry("DB_PASSWORD", "pw"),
                entry("DB_USERNAME", "plain"),
                entry("REDIS_URL", "redis://redis:6379/1"));
    }

    @Test
    void aSqliteFileNeedsNothing() throws IOException {
        pom("notes", "org.springframework.boot:spring-boot-starter-jdbc", "org.xerial:sqlite-jdbc");
        resource("application.properties", "spring.datasource.url=jdbc:sqlite:data/notes.db\n");

        assertThat(environment()).isEmpty();
    }

    @Test
    void theAppServiceOfTheComposeFileHasTheEnvironment() throws IOException {
        pom("shop", "org.springframework.boot:spring-boot-starter-jdbc", "org.postgresql:postgresql");
        resource("application.properties", """
                spring.datasource.url=jdbc:postgresql://localhost/shop
                spring.datasource.username=shop
                spring.datasource.password=a$HOME
                """);
        ProjectModel model = new ProjectDetector(DockstartLog.SILENT).detect(root);
        String compose = file(new DevcontainerRenderer().render(model), ".devcontainer/docker-compose.yml").content();

        // $ doubled, so that Compose passes it on literally (SecretsSurviveRenderingTest has the hard cases)
        assertThat(submap(submap(submap(ComposeValidator.parse(compose), "services"), "app"), "environment")).containsExactly(
                entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/shop"),
                entry("SPRING_DATASOURCE_USERNAME", "shop"),
                entry("SPRING_DATASOURCE_PASSWORD", "a$$HOME"));
    }

    @Test
    void urlsKeepWhatTheyConfigureBesidesTheAddress() {
        DatabaseService postgres = Models.postgres();
        DatabaseService mysql = Models.mysql();
        DatabaseService redis = Models.redis();

        assertThat(AppEnvironment.pointAt("jdbc:postgresql:demo?ssl=false", postgres))
                .isEqualTo("jdbc:postgresql://postgres:5432/demo?ssl=false");
        assertThat(AppEnvironment.pointAt("jdbc:postgresql://db1:5433,db2:5434/demo?targetServerType=primary", postgres))
                .isEqualTo("jdbc:postgresql://postgres:5432/demo?targetServerType=primary");
        assertThat(AppEnvironment.pointAt("r2dbc:pool:postgresql://localhost", postgres))
                .isEqualTo("r2dbc:pool:postgresql://postgres:5432/demo");
        assertThat(AppEnvironment.pointAt("postgres://demo:p%40ss@127.0.0.1/demo", postgres))
                .isEqualTo("postgres://demo:p%40ss@postgres:5432/demo");
        assertThat(AppEnvironment.pointAt("jdbc:mysql://${DB_HOST}:3306/${DB_NAME}?useSSL=false", mysql))
                .isEqualTo("jdbc:mysql://mysql:3306/demo?useSSL=false");
        assertThat(AppEnvironment.pointAt("redis://${REDIS_USER}:${REDIS_PASSWORD}@localhost:6380/3", redis))
                .isEqualTo("redis://:secret@redis:6379/3");
        assertThat(AppEnvironment.pointAt("rediss://localhost", redis)).isEqualTo("redis://redis:6379");
        assertThat(AppEnvironment.pointAt("redis://localhost:6380",
                new DatabaseService("cache", DatabaseType.REDIS, "redis:7", "localhost", 6380, "0", "", "", null, true, List.of())))
                .as("a service of the project's Compose file listens where that file says")
                .isEqualTo("redis://cache:6380");
    }

    private Map<String, String> environment() {
        return AppEnvironment.of(new ProjectDetector(DockstartLog.SILENT).detect(root));
    }

    /** {@code pom.xml} with dependencies {@code groupId:artifactId[:scope]}. */
    private void pom(String artifactId, String... dependencies) throws IOException {
        StringBuilder pom = new StringBuilder("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion><groupId>com.example</groupId>\n"
                + "  <artifactId>" + artifactId + "</artifactId><version>1</version>\n  <dependencies>\n");
        for (String dependency : dependencies) {
            String[] parts = dependency.split(":");
            pom.append("    <dependency><groupId>").append(parts[0]).append("</groupId><artifactId>").append(parts[1])
                    .append("</artifactId>").append(parts.length > 2 ? "<scope>" + parts[2] + "</scope>" : "")
                    .append("</dependency>\n");
        }
        Files.writeString(root.resolve("pom.xml"), pom.append("  </dependencies>\n</project>\n"));
    }

    private void resource(String name, String content) throws IOException {
        Path file = root.resolve("src/main/resources").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
