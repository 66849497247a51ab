package io.github.dockstart.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

    @Test
    void hidesEachPasswordAsWrittenAndAsComposeSpellsIt() {
        SecretMask mask = SecretMask.of(model("pa$s'wo\"rd", "redis-pw", ""));

        String diff = String.join("\n",
                "+      POSTGRES_PASSWORD: pa$s'wo\"rd",
                "+      DB_PASSWORD: 'pa$$s''wo\"rd'",
                "+      POSTGRES_PASSWORD: \"pa$$s'wo\\\"rd\"",
                "+      REDISCLI_AUTH: redis-pw",
                "+      POSTGRES_USER: shop");

        assertThat(mask.apply(diff)).isEqualTo(String.join("\n",
                "+      POSTGRES_PASSWORD: ********",
                "+      DB_PASSWORD: '********'",
                "+      POSTGRES_PASSWORD: \"********\"",
                "+      REDISCLI_AUTH: ********",
                "+      POSTGRES_USER: shop"));
    }

    @Test
    void leavesTextAloneWhenThereIsNoPassword() {
        assertThat(SecretMask.of(model("", null)).apply("+  image: postgres:16-alpine")).isEqualTo("+  image: postgres:16-alpine");
    }

    private static ProjectModel model(String... passwords) {
        List<DatabaseService> services = java.util.Arrays.stream(passwords)
                .map(password -> new DatabaseService("db", DatabaseType.POSTGRES, "postgres:16-alpine", "localhost", 5432,
                        "shop", "shop", password, null, false, List.of()))
                .toList();
        return new ProjectModel(Path.of("/tmp/p"), "p", "17", services, null, List.of());
    }
}
