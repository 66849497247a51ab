package io.github.dockstart.detection;

import static io.github.dockstart.detection.SampleProject.evidence;
import static io.github.dockstart.detection.SampleProject.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiModuleDetectionTest {

    @TempDir
    Path dir;

    @Test
    void followsModulesRecursivelyIncludingProfileModules() {
        SampleProject project = new SampleProject(dir)
                .modulePom("", "shop-parent", """
                        <packaging>pom</packaging>
                        <modules>
                          <module>app</module>
                        </modules>
                        <profiles>
                          <profile>
                            <id>workers</id>
                            <modules><module>worker</module></modules>
                          </profile>
                        </profiles>
                        """)
                .modulePom("app", "shop-app", "<modules><module>core</module></modules>", "org.postgresql:postgresql")
                .modulePom("app/core", "shop-core", "")
                .file("app/core/src/main/resources/application.properties",
                        "spring.datasource.url=jdbc:postgresql://localhost/shop\n")
                .modulePom("worker", "shop-worker", "", "redis.clients:jedis")
                .file("worker/src/main/resources/application.yml", """
                        spring:
                          data:
                            redis:
                              host: cache.local
                        """);

        ProjectModel model = project.detect();

        assertThat(model.name()).isEqualTo("shop-parent");
        assertThat(model.services()).extracting(DatabaseService::name).containsExactly("postgres", "redis");
        DatabaseService postgres = service(model, "postgres");
        assertThat(postgres.database()).isEqualTo("shop");
        assertThat(evidence(postgres)).containsExactly(
                project.dependencyEvidence("app/pom.xml", "org.postgresql:postgresql"),
                "app/core/src/main/resources/application.properties:1 spring.datasource.url");
        DatabaseService redis = service(model, "redis");
        assertThat(redis.host()).isEqualTo("cache.local");
        assertThat(evidence(redis)).containsExactly(
                project.dependencyEvidence("worker/pom.xml", "redis.clients:jedis"),
                "worker/src/main/resources/application.yml:4 spring.data.redis.host");
    }

    @Test
    void theSameDatasourceNameInTwoModulesOnDifferentDatabasesGivesANumberedService() {
        SampleProject project = new SampleProject(dir)
                .modulePom("", "parent", "<packaging>pom</packaging><modules><module>a</module><module>b</module></modules>")
                .modulePom("a", "a", "", "org.postgresql:postgresql")
                .file("a/src/main/resources/application.properties", "spring.datasource.url=jdbc:postgresql://localhost/orders\n")
                .modulePom("b", "b", "", "org.postgresql:postgresql")
                .file("b/src/main/resources/application.properties", "spring.datasource.url=jdbc:postgresql://localhost/billing\n");

        ProjectModel model = project.detect();

        assertThat(model.services()).extracting(DatabaseService::name, DatabaseService::database)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("postgres", "orders"),
                        org.assertj.core.groups.Tuple.tuple("postgres-2", "billing"));
    }

    @Test
    void aMissingModuleIsSkippedWithAWarning() {
        SampleProject project = new SampleProject(dir)
                .modulePom("", "parent", "<packaging>pom</packaging><modules><module>gone</module></modules>", "redis.clients:jedis");

        ProjectModel model = project.detect();

        assertThat(model.services()).hasSize(1);
        assertThat(project.log.all()).contains("WARN pom.xml lists module 'gone'");
    }
}
