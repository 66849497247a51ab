package io.github.dockstart.rendering;

import static io.github.dockstart.rendering.DevcontainerRendererComposeTest.submap;
import static io.github.dockstart.rendering.GeneratedProject.file;
import static io.github.dockstart.rendering.Models.project;
import static io.github.dockstart.rendering.Models.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.AppSetting;
import io.github.dockstart.model.AppSetting.Naming;
import io.github.dockstart.model.AppSetting.Part;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.validation.ComposeValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password and a database name full of YAML, shell and Compose syntax reach every container
 * exactly: quoted right in YAML and with {@code $} doubled against Compose interpolation.
 */
class SecretsSurviveRenderingTest {

    /** Quote, double quote, dollar, hash, colon-space, spaces and a leading space. */
    static final String TRICKY = " it's \"$HOME\" #1: a b$";

    private final ProjectModel model = project(
            server("postgres", DatabaseType.POSTGRES, "postgres:16-alpine", 5432, TRICKY, "demo", TRICKY)
                    .withAppSettings(List.of(password("spring.datasource.password"), setting("DB_NAME", Part.DATABASE))),
            server("mysql", DatabaseType.MYSQL, "mysql:8.4", 3306, TRICKY, "demo", TRICKY)
                    .withAppSettings(List.of(password("MYSQL_PASSWORD"))),
            server("mariadb", DatabaseType.MARIADB, "mariadb:11.4", 3307, TRICKY, "demo", TRICKY),
            server("redis", DatabaseType.REDIS, "redis:7-alpine", 6379, "0", "", TRICKY)
                    .withAppSettings(List.of(password("quarkus.redis.password"))));

    /** Where each value must arrive: service, environment variable. */
    private static final List<List<String>> SECRET_PLACES = List.of(
            List.of("postgres", "POSTGRES_PASSWORD"), List.of("postgres", "POSTGRES_DB"),
            List.of("mysql", "MYSQL_PASSWORD"), List.of("mysql", "MYSQL_ROOT_PASSWORD"), List.of("mysql", "MYSQL_DATABASE"),
            List.of("mariadb", "MARIADB_PASSWORD"), List.of("mariadb", "MARIADB_DATABASE"),
            List.of("redis", "REDISCLI_AUTH"),
            List.of("db-backup", "POSTGRES_DB_PASSWORD"), List.of("db-backup", "POSTGRES_DB_NAME"),
            List.of("db-backup", "MYSQL_DB_PASSWORD"), List.of("db-backup", "MARIADB_DB_NAME"),
            List.of("db-backup", "REDIS_DB_PASSWORD"),
            List.of("app", "SPRING_DATASOURCE_PASSWORD"), List.of("app", "DB_NAME"), List.of("app", "MYSQL_PASSWORD"),
            List.of("app", "QUARKUS_REDIS_PASSWORD"));

    private static AppSetting password(String key) {
        return setting(key, Part.PASSWORD);
    }

    private static AppSetting setting(String key, Part part) {
        return new AppSetting(key, Naming.ENVIRONMENT, part, null);
    }

    @Test
    void theYamlHoldsEachValueWithItsDollarsDoubled() {
        Map<String, Object> compose = ComposeValidator.parse(
                file(new DevcontainerRenderer().render(model), ".devcontainer/docker-compose.yml").content());

        for (List<String> place : SECRET_PLACES) {
            assertThat(environment(compose, place.get(0)).get(place.get(1))).as(place.toString())
                    .isEqualTo(TRICKY.replace("$", "$$"));
        }
    }

    @Test
    void dockerComposeInterpolatesEachValueBackToTheOriginal(@TempDir Path root) {
        GeneratedProject.write(root, new DevcontainerRenderer().render(model));

        Map<String, Object> config = ComposeValidator.assertValid(root.resolve(".devcontainer/docker-compose.yml"));

        for (List<String> place : SECRET_PLACES) {
            // docker-compose config prints literal dollars escaped again as $$
            assertThat(String.valueOf(environment(config, place.get(0)).get(place.get(1))).replace("$$", "$"))
                    .as(place.toString()).isEqualTo(TRICKY);
        }
    }

    @Test
    void noPasswordAppearsInACommandOrHealthCheck() {
        String yaml = file(new DevcontainerRenderer().render(model), ".devcontainer/docker-compose.yml").content();
        Map<String, Object> services = submap(ComposeValidator.parse(yaml), "services");

        for (String name : services.keySet()) {
            Map<String, Object> service = submap(services, name);
            assertThat(String.valueOf(service.get("command"))).as(name).doesNotContain("it's");
            assertThat(String.valueOf(service.get("healthcheck"))).as(name).doesNotContain("it's");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> compose, String service) {
        return (Map<String, Object>) submap(submap(compose, "services"), service).get("environment");
    }
}
