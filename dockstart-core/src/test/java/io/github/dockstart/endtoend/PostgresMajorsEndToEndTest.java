package io.github.dockstart.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.rendering.RenderOptions;
import io.github.dockstart.testing.docker.DockerEngine;
import io.github.dockstart.testing.docker.GeneratedStack;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The oldest and the newest PostgreSQL major dockstart supports, each under a real Docker engine
 * with its own server and its own client (stand-ins {@code postgres:13-alpine}: Debian 11's
 * PostgreSQL 13, {@code postgres:18-alpine}: Debian forky's 18): the sidecar, built FROM the
 * server's own image, has pg_dump of exactly the server's major, backs the database up and
 * restores it, and the server keeps its data where its image's major puts it. pgvector's image
 * ({@code pgvector/pgvector:pg18}: Debian forky's PostgreSQL 18 with its pgvector package) gets
 * the sidecar of its major, whose dump brings the extension and the vectors back.
 */
class PostgresMajorsEndToEndTest {

    @RegisterExtension
    static final DockerEngine docker = new DockerEngine();

    private static final String PASSWORD = "Pa55-wört $x'y";
    private Path project;

    @AfterEach
    void deleteProject() {
        if (project != null) {
            TempDirs.deleteRecursively(project);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @CsvSource(delimiter = '|', value = {
            // a stored generated column: 12 and newer
            "13 | /var/lib/postgresql/data | STORED",
            // a virtual generated column: new in 18, so only 18's pg_dump and server handle the dump
            "18 | /var/lib/postgresql/18/docker | VIRTUAL"})
    void theSidecarHasTheServersPgDumpAndBacksUpAndRestores(int major, String dataDirectory, String generated)
            throws Exception {
        project = TempDirs.create("ds-e2e-pg" + major + "-");
        String name = "pg" + major;
        ProjectModel model = new ProjectModel(project, name, "17", List.of(new DatabaseService("postgres",
                DatabaseType.POSTGRES, "postgres:" + major + "-alpine", "localhost", 5432, "shop", "shop", PASSWORD, null,
                false, List.of())), null, List.of());
        GeneratedStack stack = GeneratedStack.generate(docker, model, RenderOptions.DEFAULT);
        assertThat(Files.readString(stack.composeFile().resolveSibling("Dockerfile.backup")))
                .containsPattern("(?m)^FROM postgres:" + major + "-alpine3\\.\\d+$");
        stack.up();
        String postgres = stack.container("postgres");
        String sidecar = stack.container("db-backup");

        assertThat(psql(stack, postgres, "SHOW server_version;")).startsWith(major + ".");
        assertThat(psql(stack, postgres, "SHOW data_directory;")).isEqualTo(dataDirectory);
        assertThat(stack.exec(sidecar, "pg_dump", "--version").run().orFail().stdout())
                .startsWith("pg_dump (PostgreSQL) " + major + ".");
        psql(stack, postgres, "CREATE TABLE orders (id int PRIMARY KEY, item text, qty int,"
                + " total int GENERATED ALWAYS AS (qty * 3) " + generated + ");"
                + " INSERT INTO orders (id, item, qty) SELECT i, 'Bestellung ' || i || ' ü', i FROM generate_series(1, 300) i;");
        String query = "SELECT count(*), sum(total), md5(string_agg(item, ',' ORDER BY id)) FROM orders;";
        String before = psql(stack, postgres, query);

        Exec.Result backup = stack.exec(sidecar, "/usr/local/bin/backup.sh").run();

        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(backup.output()).doesNotContain(PASSWORD);
        List<Path> files = stack.backups("postgres-", ".sql.gz");
        assertThat(files).hasSize(1);
        String dump = GeneratedStack.gunzip(files.get(0));
        assertThat(dump).contains("-- Dumped from database version " + major + ".", "-- Dumped by pg_dump version " + major + ".");

        psql(stack, postgres, "DELETE FROM orders WHERE id > 10;");
        Exec.Result restore = stack.exec(sidecar, "/usr/local/bin/restore.sh", files.get(0).getFileName().toString(), "--yes")
                .run();

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(psql(stack, postgres, query)).isEqualTo(before);
        assertThat(psql(stack, postgres, "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                + " AND attname = 'total';")).isEqualTo(generated.equals("VIRTUAL") ? "v" : "s");
    }

    @Test
    void pgvectorsImageKeepsItsVectorsThroughTheSidecarOfTheSameMajor() {
        project = TempDirs.create("ds-e2e-pgvector-");
        // what detection gives a project with com.pgvector:pgvector whose PostgreSQL is pinned to 18
        ProjectModel model = new ProjectModel(project, "vectors", "17", List.of(new DatabaseService("postgres",
                DatabaseType.POSTGRES, "pgvector/pgvector:pg18", "localhost", 5432, "shop", "shop", PASSWORD, null, false,
                List.of())), null, List.of());
        GeneratedStack stack = GeneratedStack.generate(docker, model, RenderOptions.DEFAULT).up();
        String postgres = stack.container("postgres");
        String sidecar = stack.container("db-backup");
        assertThat(stack.inspect(postgres, "{{.Config.Image}}")).isEqualTo("pgvector/pgvector:pg18");
        assertThat(stack.exec(sidecar, "pg_dump", "--version").run().orFail().stdout()).startsWith("pg_dump (PostgreSQL) 18.");
        psql(stack, postgres, "CREATE EXTENSION vector; CREATE TABLE item (id int PRIMARY KEY, embedding vector(3));"
                + " INSERT INTO item SELECT i, ARRAY[i, i * 2, i * 3]::vector FROM generate_series(1, 50) i;");
        String query = "SELECT count(*), md5(string_agg(embedding::text, ',' ORDER BY id)),"
                + " (SELECT id FROM item ORDER BY embedding <-> '[3,6,9]' LIMIT 1) FROM item;";
        String before = psql(stack, postgres, query);

        Exec.Result backup = stack.exec(sidecar, "/usr/local/bin/backup.sh").run();
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        Path file = stack.backups("postgres-", ".sql.gz").get(0);
        psql(stack, postgres, "DROP TABLE item; DROP EXTENSION vector;");
        Exec.Result restore = stack.exec(sidecar, "/usr/local/bin/restore.sh", file.getFileName().toString(), "--yes").run();

        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(psql(stack, postgres, query)).isEqualTo(before).endsWith("|3");
    }

    private static String psql(GeneratedStack stack, String container, String sql) {
        return stack.psql(container, "shop", "shop", sql);
    }
}
