package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionJsonTest {

    @TempDir
    Path dir;

    private ProjectModel sample() {
        return new SampleProject(dir)
                .modulePom("", "demo", "<properties><java.version>21</java.version></properties>",
                        "org.postgresql:postgresql", "org.xerial:sqlite-jdbc", "redis.clients:jedis")
                .resource("application.properties", """
                        spring.datasource.url=jdbc:postgresql://localhost:5432/demo
                        spring.datasource.username=demo
                        spring.datasource.password=Pa55-w0rd!
                        app.sqlite.url=jdbc:sqlite:data/app.db
                        """)
                .resource("application-dev.properties", "spring.datasource.password=dev-Secret-9\n")
                .detect();
    }

    @Test
    void hasTheDocumentedShape() throws Exception {
        ProjectModel model = sample();

        JsonNode json = new ObjectMapper().readTree(DetectionJson.toJson(model));

        assertThat(json.get("project").asText()).isEqualTo("demo");
        assertThat(json.get("javaVersion").asText()).isEqualTo("21");
        assertThat(json.get("services")).hasSize(3);
        JsonNode postgres = json.get("services").get(0);
        assertThat(names(postgres)).containsExactly("name", "type", "image", "host", "database", "user", "port",
                "passwordSet", "fromExistingCompose", "evidence");
        assertThat(postgres.get("name").asText()).isEqualTo("postgres");
        assertThat(postgres.get("type").asText()).isEqualTo("postgres");
        assertThat(postgres.get("image").asText()).isEqualTo("postgres:16-alpine");
        assertThat(postgres.get("host").asText()).isEqualTo("localhost");
        assertThat(postgres.get("database").asText()).isEqualTo("demo");
        assertThat(postgres.get("user").asText()).isEqualTo("demo");
        assertThat(postgres.get("port").isInt()).isTrue();
        assertThat(postgres.get("port").asInt()).isEqualTo(5432);
        assertThat(postgres.get("passwordSet").asBoolean()).isTrue();
        assertThat(postgres.get("fromExistingCompose").asBoolean()).isFalse();
        assertThat(postgres.get("evidence").get(0).asText()).isEqualTo("pom.xml:9 org.postgresql:postgresql");
        assertThat(postgres.get("evidence").get(1).asText())
                .isEqualTo("src/main/resources/application.properties:1 spring.datasource.url");

        JsonNode redis = json.get("services").get(1);
        assertThat(redis.get("type").asText()).isEqualTo("redis");
        assertThat(redis.get("passwordSet").asBoolean()).isFalse();

        JsonNode sqlite = json.get("services").get(2);
        assertThat(sqlite.get("type").asText()).isEqualTo("sqlite");
        assertThat(sqlite.get("path").asText()).isEqualTo("data/app.db");
        assertThat(sqlite.get("image").isNull()).isTrue();
        assertThat(sqlite.get("port").asInt()).isZero();
        assertThat(sqlite.has("host")).isFalse();

        assertThat(json.get("notes")).hasSize(1);
        assertThat(json.get("notes").get(0).asText()).contains("password");
    }

    @Test
    void neverContainsAPassword() {
        ProjectModel model = sample();

        String json = DetectionJson.toJson(model);

        assertThat(json).doesNotContain("Pa55-w0rd!", "dev-Secret-9", "\"password\"");
        assertThat(model.toString()).doesNotContain("Pa55-w0rd!", "dev-Secret-9");
        assertThat(model.services().get(0).password()).isEqualTo("dev-Secret-9");
    }

    @Test
    void anEmptyProjectHasEmptyServices() throws Exception {
        ProjectModel model = new SampleProject(dir).pom("empty").detect();

        JsonNode json = new ObjectMapper().readTree(DetectionJson.toJson(model));

        assertThat(json.get("services").isArray()).isTrue();
        assertThat(json.get("services")).isEmpty();
        assertThat(json.get("javaVersion").asText()).isEqualTo("17");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
