package io.github.dockstart.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each goal offers the parameters it uses, as Maven's plugin descriptor (what {@code help} and the
 * site show) lists them: the goals that never reach a database take no connection settings.
 */
class GoalParametersTest {

    private static final List<String> CONNECTION = List.of("via", "host", "port", "user", "serverId", "database",
            "redisDataDir", "service");

    @Test
    void onlyBackupRestoreAndVerifyTakeConnectionSettings() throws IOException {
        Map<String, List<String>> parameters = parametersByGoal();

        for (String goal : List.of("list", "rotate")) {
            assertThat(parameters.get(goal)).as(goal).isNotEmpty().doesNotContainAnyElementsOf(CONNECTION);
        }
        // verify reaches the databases for its restore drill (-Ddockstart.restoreTest)
        assertThat(parameters.get("verify")).contains("restoreTest");
        for (String goal : List.of("backup", "restore", "verify")) {
            assertThat(parameters.get(goal)).as(goal).containsAll(CONNECTION);
        }
    }

    @Test
    void theGoalsThatKnowTheBucketTakeItsMultipartSettings() throws IOException {
        Map<String, List<String>> parameters = parametersByGoal();

        for (String goal : List.of("generate", "backup", "restore", "list", "rotate")) {
            assertThat(parameters.get(goal)).as(goal).contains("s3MultipartThresholdMb", "s3PartSizeMb");
        }
    }

    private static Map<String, List<String>> parametersByGoal() throws IOException {
        String descriptor;
        try (InputStream in = GoalParametersTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in).as("the plugin descriptor").isNotNull();
            descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> byGoal = new LinkedHashMap<>();
        Matcher mojo = Pattern.compile("<mojo>(.*?)</mojo>", Pattern.DOTALL).matcher(descriptor);
        while (mojo.find()) {
            Matcher goal = Pattern.compile("<goal>(.*?)</goal>").matcher(mojo.group(1));
            assertThat(goal.find()).isTrue();
            List<String> names = new ArrayList<>();
            Matcher parameter = Pattern.compile("<parameter>\\s*<name>(.*?)</name>").matcher(mojo.group(1));
            while (parameter.find()) {
                names.add(parameter.group(1));
            }
            byGoal.put(goal.group(1), names);
        }
        return byGoal;
    }
}
