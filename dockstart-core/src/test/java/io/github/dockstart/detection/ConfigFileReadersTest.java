package io.github.dockstart.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockstart.model.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFileReadersTest {

    @Test
    void propertiesKeepLinesAcrossCommentsContinuationsAndEscapes() {
        List<List<ConfigProperty>> documents = new PropertiesFileReader("a.properties").read("""
                # comment
                ! other comment
                plain = value
                colon:value2
                spaced value3
                long=first\\
                     second
                escaped\\ key=tab\\there \\u0041
                after=x
                """);

        List<ConfigProperty> properties = documents.get(0);
        assertThat(properties).extracting(ConfigProperty::key)
                .containsExactly("plain", "colon", "spaced", "long", "escaped key", "after");
        assertThat(properties).extracting(ConfigProperty::value)
                .containsExactly("value", "value2", "value3", "firstsecond", "tab\there A", "x");
        assertThat(properties).extracting(ConfigProperty::line).containsExactly(3, 4, 5, 6, 8, 9);
    }

    @Test
    void propertiesDocumentsAreSplitAtHashDashes() {
        List<List<ConfigProperty>> documents = new PropertiesFileReader("a.properties").read("a=1\n#---\nb=2\n");

        assertThat(documents).hasSize(2);
        assertThat(documents.get(1).get(0).line()).isEqualTo(3);
    }

    @Test
    void aBadEscapeOnAContinuationLineNamesThatLine() {
        assertThatThrownBy(() -> new PropertiesFileReader("x/a.properties").read("a=1\nb=first\\\n  \\u00\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("x/a.properties:3: ");
    }

    @Test
    void yamlFlattensNestedKeysListsAndDocumentsWithLines() {
        List<List<ConfigProperty>> documents = new YamlFileReader("a.yml").read("""
                spring:
                  datasource:
                    url: jdbc:x
                  flag: on
                list:
                  - first
                  - name: second
                ---
                other: 1
                """);

        assertThat(documents).hasSize(2);
        assertThat(documents.get(0)).extracting(ConfigProperty::key, ConfigProperty::value, ConfigProperty::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("spring.datasource.url", "jdbc:x", 3),
                        org.assertj.core.groups.Tuple.tuple("spring.flag", "on", 4),
                        org.assertj.core.groups.Tuple.tuple("list[0]", "first", 6),
                        org.assertj.core.groups.Tuple.tuple("list[1].name", "second", 7));
        assertThat(documents.get(1)).extracting(ConfigProperty::line).containsExactly(9);
    }

    @Test
    void yamlTreeKeepsBooleanLikeWordsAsStrings() {
        Map<String, Object> tree = new YamlFileReader("c.yml").readTree("a: yes\nb: off\nc: true\n");

        assertThat(tree).containsEntry("a", "yes").containsEntry("b", "off").containsEntry("c", true);
    }

    @Test
    void yamlTreeFollowsYaml12AndComposeTags() {
        Map<String, Object> tree = new YamlFileReader("c.yml").readTree("""
                ports: [22:22, 5432]
                octal: 0755
                reset: !reset []
                """);

        assertThat(tree.get("ports")).isEqualTo(List.of("22:22", 5432));
        assertThat(tree).containsEntry("octal", "0755").containsEntry("reset", List.of());
    }

    @Test
    void yamlAnchorsAndMergeKeysResolveWithTheLinesTheyCameFrom() {
        String yaml = """
                x-env: &env
                  USER: shop
                  DB: base
                services:
                  a:
                    environment:
                      <<: *env
                      DB: own
                  b:
                    environment: *env
                """;

        List<ConfigProperty> flat = new YamlFileReader("c.yml").read(yaml).get(0);
        Map<String, Object> tree = new YamlFileReader("c.yml").readTree(yaml);

        assertThat(flat).extracting(ConfigProperty::key, ConfigProperty::value, ConfigProperty::line).contains(
                org.assertj.core.groups.Tuple.tuple("services.a.environment.USER", "shop", 2),
                org.assertj.core.groups.Tuple.tuple("services.a.environment.DB", "own", 8),
                org.assertj.core.groups.Tuple.tuple("services.b.environment.DB", "base", 3));
        assertThat(tree.get("services")).isEqualTo(Map.of(
                "a", Map.of("environment", Map.of("USER", "shop", "DB", "own")),
                "b", Map.of("environment", Map.of("USER", "shop", "DB", "base"))));
    }

    @Test
    void springPlaceholders() {
        Map<String, String> properties = Map.of("db.host", "pg", "loop", "${loop}");

        assertThat(Placeholders.resolveConfig("${db.host}", properties::get)).isEqualTo("pg");
        assertThat(Placeholders.resolveConfig("${DB_HOST:localhost}", properties::get)).isEqualTo("localhost");
        assertThat(Placeholders.resolveConfig("${A:${B:nested}}", properties::get)).isEqualTo("nested");
        assertThat(Placeholders.resolveConfig("${URL:jdbc:postgresql://h/db}", properties::get)).isEqualTo("jdbc:postgresql://h/db");
        assertThat(Placeholders.resolveConfig("${URL:`jdbc:mysql://h/db`}", properties::get)).isEqualTo("jdbc:mysql://h/db");
        assertThat(Placeholders.resolveConfig("x${UNKNOWN}y", properties::get)).isEqualTo("x${UNKNOWN}y");
        assertThat(Placeholders.resolveConfig("${loop}", properties::get)).contains("${loop}");
        assertThat(Placeholders.resolveConfig("${EMPTY:}", properties::get)).isEmpty();
    }

    @Test
    void composeInterpolation() {
        Map<String, String> env = Map.of("SET", "value", "EMPTY", "");

        assertThat(Placeholders.resolveCompose("${SET}", env)).isEqualTo("value");
        assertThat(Placeholders.resolveCompose("$SET-x", env)).isEqualTo("value-x");
        assertThat(Placeholders.resolveCompose("${MISSING:-fallback}", env)).isEqualTo("fallback");
        assertThat(Placeholders.resolveCompose("${EMPTY:-fallback}", env)).isEqualTo("fallback");
        assertThat(Placeholders.resolveCompose("${EMPTY-fallback}", env)).isEmpty();
        assertThat(Placeholders.resolveCompose("pa$$word", env)).isEqualTo("pa$word");
        assertThat(Placeholders.hasUnresolved(Placeholders.resolveCompose("${MISSING}", env))).isTrue();
    }
}
