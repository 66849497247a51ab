package io.github.dockstart.output;

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
    void hidesTheOldPasswordsOfADiffTooWhichTheModelNoLongerKnows() {
        SecretMask mask = SecretMask.of(model("new-secret"));

        String diff = String.join("\n",
                "-      POSTGRES_PASSWORD: old-secret",
                "+      POSTGRES_PASSWORD: new-secret",
                "-      DB_PASSWORD: 'old''quoted'",
                "       APP_DB_PASSWORD: \"unchanged-secret\"",
                "-      - MARIADB_ROOT_PASSWORD=old-root",
                "-      REDISCLI_AUTH: old-redis",
                "-      SPRING_DATA_REDIS_URL: redis://:old-url-pw@cache:6379",
                "-      DATABASE_URL: postgres://shop:old-pg@postgres:5432/shop",
                "-      JDBC_URL: jdbc:mysql://db:3306/shop?user=shop&password=old-jdbc&ssl=false",
                "-        \"SPRING_DATASOURCE_PASSWORD\": \"old-json\",",
                "-      AWS_SECRET_ACCESS_KEY: old-aws",
                "       DB_PASSWORD_FILE: /run/secrets/db_password",
                "       POSTGRES_HOST_AUTH_METHOD: trust",
                "       MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: \"no\"");

        String masked = mask.apply(diff);

        assertThat(masked).doesNotContain("old-secret", "new-secret", "old''quoted", "unchanged-secret", "old-root", "old-redis",
                "old-url-pw", "old-pg", "old-jdbc", "old-json", "old-aws");
        assertThat(masked).contains("DB_PASSWORD: '********'", "APP_DB_PASSWORD: \"********\"", "redis://:********@cache:6379",
                "postgres://shop:********@postgres:5432/shop", "password=********&ssl=false",
                "\"SPRING_DATASOURCE_PASSWORD\": \"********\",",
                "DB_PASSWORD_FILE: /run/secrets/db_password", "POSTGRES_HOST_AUTH_METHOD: trust",
                "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: \"no\"");
        assertThat(masked.lines().count()).isEqualTo(diff.lines().count());
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
