package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaVersionTest {

    @TempDir
    Path dir;

    private String javaVersion(String extra) {
        return new SampleProject(dir).modulePom("", "demo", extra).detect().javaVersion();
    }

    @Test
    void defaultsTo17() {
        assertThat(javaVersion("")).isEqualTo("17");
    }

    @Test
    void readsMavenCompilerRelease() {
        assertThat(javaVersion("<properties><maven.compiler.release>21</maven.compiler.release></properties>")).isEqualTo("21");
    }

    @Test
    void readsMavenCompilerSourceAndDropsTheOnePointPrefix() {
        assertThat(javaVersion("<properties><maven.compiler.source>1.8</maven.compiler.source></properties>")).isEqualTo("8");
    }

    @Test
    void readsSpringBootsJavaVersion() {
        assertThat(javaVersion("<properties><java.version>11</java.version></properties>")).isEqualTo("11");
    }

    @Test
    void releaseCountsOverSource() {
        assertThat(javaVersion("""
                <properties>
                  <maven.compiler.source>11</maven.compiler.source>
                  <maven.compiler.release>21</maven.compiler.release>
                </properties>
                """)).isEqualTo("21");
    }

    @Test
    void readsTheCompilerPluginsReleaseAndResolvesProperties() {
        assertThat(javaVersion("""
                <properties>
                  <jdk>22</jdk>
                  <maven.compiler.source>11</maven.compiler.source>
                </properties>
                <build>
                  <plugins>
                    <plugin>
                      <groupId>org.apache.maven.plugins</groupId>
                      <artifactId>maven-compiler-plugin</artifactId>
                      <configuration>
                        <release>${jdk}</release>
                      </configuration>
                    </plugin>
                  </plugins>
                </build>
                """)).isEqualTo("22");
    }

    @Test
    void readsTheCompilerPluginsSource() {
        assertThat(javaVersion("""
                <build>
                  <pluginManagement>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <configuration><source>1.8</source></configuration>
                      </plugin>
                    </plugins>
                  </pluginManagement>
                </build>
                """)).isEqualTo("8");
    }

    @Test
    void takesTheHighestVersionOfTheReactor() {
        SampleProject project = new SampleProject(dir)
                .modulePom("", "parent", """
                        <packaging>pom</packaging>
                        <properties><java.version>17</java.version></properties>
                        <modules><module>app</module></modules>
                        """)
                .modulePom("app", "app", "<properties><maven.compiler.release>21</maven.compiler.release></properties>");

        assertThat(project.detect().javaVersion()).isEqualTo("21");
    }
}
