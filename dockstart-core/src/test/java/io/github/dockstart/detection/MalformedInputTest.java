package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input fails with one sentence naming the file (relative to the root) and the line. */
class MalformedInputTest {

    @TempDir
    Path dir;

    @Test
    void missingRootPomNamesTheDirectory() {
        assertThatThrownBy(() -> new ProjectDetector(io.github.dockstart.log.DockstartLog.SILENT).detect(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("No pom.xml in " + dir.toAbsolutePath().normalize()
                        + ": dockstart needs the root directory of a Maven project.");
    }

    @Test
    void brokenPomXml() {
        SampleProject project = new SampleProject(dir).file("pom.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <artifactId>demo</artifactId>
                  <dependencies>
                    <dependency>
                      <groupId>org.postgresql</groupId>
                      <artifactId>postgresql
                    </dependency>
                  </dependencies>
                </project>
                """);

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pom.xml:9: invalid XML: ")
                .hasMessageContaining("artifactId")
                .hasMessageEndingWith(".")
                .hasMessageNotContaining("\n");
    }

    @Test
    void brokenModulePomNamesTheModulesFile() {
        SampleProject project = new SampleProject(dir)
                .modulePom("", "parent", "<packaging>pom</packaging><modules><module>app</module></modules>")
                .file("app/pom.xml", "<project>\n  <artifactId>app</artifactId>\n  <oops>\n</project>\n");

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("app/pom.xml:4: invalid XML: ");
    }

    @Test
    void yamlSyntaxError() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.yml", """
                        spring:
                          datasource:
                            url: jdbc:postgresql://localhost/demo
                            username: demo
                          data:
                            redis:
                              host: localhost: 6379
                        """);

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("src/main/resources/application.yml:7: invalid YAML: mapping values are not allowed here.");
    }

    @Test
    void yamlErrorInAProfileFileOfAModule() {
        SampleProject project = new SampleProject(dir)
                .modulePom("", "parent", "<packaging>pom</packaging><modules><module>app</module></modules>")
                .modulePom("app", "app", "")
                .file("app/src/main/resources/application-dev.yaml", "spring:\n  datasource:\n    url: [jdbc:x\n    user: a\n");

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("app/src/main/resources/application-dev.yaml:4: invalid YAML: ");
    }

    @Test
    void propertiesFileWithABadUnicodeEscape() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        # database
                        spring.datasource.url=jdbc:postgresql://localhost/demo
                        spring.datasource.password=abc\\u12G4
                        """);

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("src/main/resources/application.properties:3: invalid properties file: "
                        + "malformed \\uXXXX escape (it needs four hex digits).");
    }

    @Test
    void malformedJdbcUrlNamesKeyAndReasonButNotThePassword() {
        SampleProject project = new SampleProject(dir).pom("demo", "org.postgresql:postgresql")
                .resource("application.properties", """
                        server.port=8080
                        spring.datasource.url=jdbc:postgresql://app:topsecret@localhost:54x2/demo
                        """);

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("src/main/resources/application.properties:2: invalid JDBC URL in spring.datasource.url: "
                        + "the port '54x2' is not a number.")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void jdbcUrlWithoutColonAfterTheSubprotocol() {
        SampleProject project = new SampleProject(dir).pom("demo", "com.mysql:mysql-connector-j")
                .resource("application.yml", "app:\n  db:\n    url: jdbc:mysql//localhost/shop\n");

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("src/main/resources/application.yml:3: invalid JDBC URL in app.db.url: expected ':' after 'jdbc:mysql'.");
    }

    @Test
    void redisPortThatIsNoNumber() {
        SampleProject project = new SampleProject(dir).pom("demo", "redis.clients:jedis")
                .resource("application.properties", "spring.data.redis.port=sixthreeseventynine\n");

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("src/main/resources/application.properties:1: spring.data.redis.port must be a port number "
                        + "from 1 to 65535, not 'sixthreeseventynine'.");
    }

    @Test
    void composeFileWithAYamlError() {
        SampleProject project = new SampleProject(dir).pom("demo")
                .file("compose.yaml", "services:\n  db:\n    image: postgres:16\n   ports: [\"5432:5432\"]\n");

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("compose.yaml:4: invalid YAML: ");
    }

    @Test
    void composePortThatIsNoNumber() {
        SampleProject project = new SampleProject(dir).pom("demo")
                .file("compose.yaml", "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"abc:5432\"\n");

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("compose.yaml:5: services.db.ports has an invalid port 'abc'.");
    }

    @Test
    void dotEnvDatabaseUrlWithABadPort() {
        SampleProject project = new SampleProject(dir).pom("demo")
                .file(".env", "APP=demo\nDATABASE_URL=postgres://u:pw@localhost:99999/demo\n");

        assertThatThrownBy(project::detect)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(".env:2: invalid database URL in DATABASE_URL: the port 99999 is out of range.");
    }
}
