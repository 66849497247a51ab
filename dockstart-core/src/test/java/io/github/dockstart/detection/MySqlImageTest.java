package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MySQL runs on its LTS line unless the project pins another version itself. */
class MySqlImageTest {

    @TempDir
    Path dir;

    private SampleProject mysqlProject() {
        return new SampleProject(dir).pom("shop", "com.mysql:mysql-connector-j")
                .resource("application.properties", "spring.datasource.url=jdbc:mysql://localhost:3306/shop\n");
    }

    @Test
    void aProjectThatPinsNothingGetsTheLtsLine() {
        DatabaseService mysql = mysqlProject().detect().services().get(0);

        assertThat(mysql.type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(mysql.image()).isEqualTo("mysql:8.4");
    }

    @Test
    void theVersionAProjectsComposeFilePinsIsKept() {
        DatabaseService mysql = mysqlProject().file("compose.yaml", """
                services:
                  mysql:
                    image: mysql:9.7
                    environment:
                      MYSQL_DATABASE: shop
                      MYSQL_USER: shop
                      MYSQL_PASSWORD: shoppw
                """).detect().services().get(0);

        assertThat(mysql.type()).isEqualTo(DatabaseType.MYSQL);
        assertThat(mysql.image()).isEqualTo("mysql:9.7");
    }
}
