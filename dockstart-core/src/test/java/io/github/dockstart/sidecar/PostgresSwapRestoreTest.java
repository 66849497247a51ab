package io.github.dockstart.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockstart.access.Via;
import io.github.dockstart.engine.BackupEngine;
import io.github.dockstart.engine.EngineSettings;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.DatabaseService;
import io.github.dockstart.model.DatabaseType;
import io.github.dockstart.model.ProjectModel;
import io.github.dockstart.testing.servers.Exec;
import io.github.dockstart.testing.servers.PostgresDatabase;
import io.github.dockstart.testing.servers.PostgresServer;
import io.github.dockstart.testing.servers.TestServers;
import io.github.dockstart.testing.servers.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL restores by build-beside-and-swap, the in-place fallback, the safety databases and
 * a restore into a fresh server, each on both sides: the sidecar's restore.sh/rotate.sh and the
 * host's engine (the goals' core), against real servers. The same rule must hold on both.
 */
class PostgresSwapRestoreTest {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    /** What a restore said and whether it succeeded. */
    record Outcome(boolean ok, String text) {
    }

    /** One side: backs up a database into its backup directory, restores a file into a database. */
    abstract static class Side {
        final Sidecar sidecar;

        Side(Sidecar sidecar) {
            this.sidecar = sidecar;
        }

        abstract Path backup(PostgresDatabase db);

        abstract Outcome restore(PostgresDatabase db, Path file);

        abstract Outcome rotateSafety(PostgresDatabase db, int keep);

        abstract String listSafety(PostgresDatabase db);
    }

    enum Kind {
        SIDECAR, HOST
    }

    private Side side(Kind kind) {
        Sidecar sidecar = new Sidecar(servers);
        if (kind == Kind.SIDECAR) {
            return new Side(sidecar) {
                @Override
                Path backup(PostgresDatabase db) {
                    sidecar.postgres("postgres", db).backupOk();
                    return newest(sidecar);
                }

                @Override
                Outcome restore(PostgresDatabase db, Path file) {
                    Exec.Result r = sidecar.postgres("postgres", db).restore(file.toString(), "--yes");
                    return new Outcome(r.exitCode() == 0, r.stderr());
                }

                @Override
                Outcome rotateSafety(PostgresDatabase db, int keep) {
                    sidecar.env.put("BACKUP_SAFETY_KEEP", String.valueOf(keep));
                    Exec.Result r = sidecar.postgres("postgres", db).rotate();
                    return new Outcome(r.exitCode() == 0, r.stderr());
                }

                @Override
                String listSafety(PostgresDatabase db) {
                    sidecar.env.put("BACKUP_SAFETY_KEEP", "1000");
                    return sidecar.postgres("postgres", db).rotate("--dry-run").stderr();
                }
            };
        }
        return new Side(sidecar) {
            final List<String> lines = new ArrayList<>();

            BackupEngine engine(PostgresDatabase db) {
                DatabaseService service = new DatabaseService("postgres", DatabaseType.POSTGRES, DatabaseType.POSTGRES.defaultImage(),
                        db.host(), db.port(), db.name(), db.user(), db.password(), null, false, List.of());
                Path root = sidecar.backupDir.getParent();
                DockstartLog log = new DockstartLog() {
                    @Override
                    public void info(String message) {
                        lines.add(message);
                    }

                    @Override
                    public void warn(String message) {
                        lines.add("WARN " + message);
                    }

                    @Override
                    public void debug(String message) {
                    }
                };
                return new BackupEngine(new ProjectModel(root, "demo", "17", List.of(service), null, List.of()),
                        new EngineSettings(root, Via.LOCAL, "docker", EngineSettings.ConnectionOverrides.NONE, null, ZoneOffset.UTC,
                                Optional.empty()), log);
            }

            @Override
            Path backup(PostgresDatabase db) {
                try {
                    return engine(db).backup(null).get(0);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            Outcome restore(PostgresDatabase db, Path file) {
                lines.clear();
                try {
                    engine(db).restore(file.getFileName().toString(), null, question -> true);
                    return new Outcome(true, String.join("\n", lines));
                } catch (Exception e) {
                    return new Outcome(false, String.join("\n", lines) + "\n" + e.getMessage());
                }
            }

            @Override
            Outcome rotateSafety(PostgresDatabase db, int keep) {
                lines.clear();
                try {
                    engine(db).rotateSafetyDatabases(keep, false);
                    return new Outcome(true, String.join("\n", lines));
                } catch (Exception e) {
                    return new Outcome(false, String.join("\n", lines) + "\n" + e.getMessage());
                }
            }

            @Override
            String listSafety(PostgresDatabase db) {
                return engine(db).safetyDatabases().toString();
            }
        };
    }

    private static Path newest(Sidecar sidecar) {
        List<Path> all = sidecar.backups();
        return all.get(all.size() - 1);
    }

    private static final String SEED = """
            CREATE TABLE customers(id serial PRIMARY KEY, name text NOT NULL);
            INSERT INTO customers(name) SELECT 'Kunde ' || i || ' Grüße' FROM generate_series(1, 2000) i;
            CREATE TABLE docs(id int PRIMARY KEY, body oid);
            INSERT INTO docs VALUES (1, lo_from_bytea(0, 'large object one'::bytea)), (2, lo_from_bytea(0, repeat('x', 100000)::bytea));
            """;
    private static final String CONTENT = "SELECT count(*), md5(string_agg(id || name, ',' ORDER BY id)) FROM customers;"
            + " SELECT d.id, md5(lo_get(d.body)) FROM docs d ORDER BY d.id;";

    private static void destroy(PostgresDatabase db) {
        db.sql("DELETE FROM customers WHERE id > 10; CREATE TABLE marker(x int); INSERT INTO marker VALUES (42);");
    }

    private static String superSql(PostgresDatabase db, String sql) {
        return db.server().superSql("postgres", sql);
    }

    private static void allowCreatingDatabases(PostgresDatabase db) {
        superSql(db, "ALTER ROLE " + db.user() + " CREATEDB;");
    }

    private static List<String> databasesLike(PostgresDatabase db, String infix) {
        String rows = superSql(db, "SELECT datname FROM pg_database WHERE datname LIKE '" + db.name() + infix + "%' ORDER BY 1;");
        return rows.isBlank() ? List.of() : List.of(rows.strip().split("\n"));
    }

    /** The database-level properties a dump does not hold: settings, grants, comment, owner. */
    private static String properties(PostgresDatabase db) {
        return superSql(db, "SELECT pg_get_userbyid(datdba), datacl::text, shobj_description(oid, 'pg_database'), datallowconn, datconnlimit"
                + " FROM pg_database WHERE datname = '" + db.name() + "';"
                + " SELECT s.setrole, s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase"
                + " WHERE d.datname = '" + db.name() + "' ORDER BY 1;");
    }

    /** A broken copy of a backup: an error after pg_dump's own BEGIN/COMMIT of the large objects. */
    private static Path brokenAfterLargeObjects(Sidecar sidecar, Path good) {
        String dump = new String(Sidecar.gunzip(good), StandardCharsets.UTF_8);
        int commit = dump.indexOf("\nCOMMIT;\n");
        assertThat(commit).as("the dump commits its large objects itself").isPositive();
        int at = commit + "\nCOMMIT;\n".length();
        String broken = dump.substring(0, at) + "THIS IS NOT SQL;\n" + dump.substring(at);
        Path file = sidecar.backupDir.resolve("postgres-2020-01-01T00-00-00.sql.gz");
        Sidecar.gzip(broken.getBytes(StandardCharsets.UTF_8), file);
        Sidecar.writeChecksum(file);
        return file;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void buildsBesideAndSwapsKeepingTheOldDatabaseAsTheSafetyCopy(Kind kind) throws Exception {
        Side side = side(kind);
        PostgresDatabase db = servers.newPostgresDatabase();
        allowCreatingDatabases(db);
        db.sql(SEED);
        superSql(db, "CREATE ROLE " + db.name() + "_reader NOLOGIN;"
                + " ALTER DATABASE " + db.name() + " SET work_mem = '7MB';"
                + " ALTER DATABASE " + db.name() + " SET search_path = app, \"$user\", public;"
                + " ALTER ROLE " + db.user() + " IN DATABASE " + db.name() + " SET statement_timeout = '5s';"
                + " REVOKE ALL ON DATABASE " + db.name() + " FROM PUBLIC;"
                + " GRANT CONNECT ON DATABASE " + db.name() + " TO " + db.name() + "_reader;"
                + " COMMENT ON DATABASE " + db.name() + " IS 'the shop''s data';"
                + " GRANT CONNECT ON DATABASE " + db.name() + " TO " + db.user() + ";");
        String before = db.sql(CONTENT);
        String properties = properties(db);
        Path file = side.backup(db);
        destroy(db);
        String destroyed = db.sql(CONTENT);
        // a session of the application, busy on the live database
        Process session = Exec.of(Tools.postgres("psql").toString(), "-X", "-h", db.host(), "-p", String.valueOf(db.port()),
                "-U", db.user(), "-d", db.name(), "-c", "SELECT pg_sleep(300)").env("PGPASSWORD", db.password()).builder().start();
        Thread.sleep(500);

        Outcome outcome = side.restore(db, file);

        assertThat(outcome.ok()).as(outcome.text()).isTrue();
        assertThat(outcome.text()).containsIgnoringCase("method: build beside and swap").contains("on disk) will be kept as database "
                + db.name() + "_before_restore_");
        assertThat(db.sql(CONTENT)).isEqualTo(before);
        assertThat(db.sql("SELECT to_regclass('marker') IS NULL;")).isEqualTo("t\n");
        assertThat(properties(db)).as("settings, grants, comment and owner of the database").isEqualTo(properties);
        assertThat(session.waitFor(30, TimeUnit.SECONDS)).as("the session on the live database was ended").isTrue();
        List<String> kept = databasesLike(db, "_before_restore_");
        assertThat(kept).singleElement().asString().matches(db.name() + "_before_restore_\\d{8}T\\d{6}");
        PostgresDatabase old = new PostgresDatabase(db.server(), kept.get(0), db.user(), db.password());
        assertThat(old.sql(CONTENT)).as("the safety copy is the database from before").isEqualTo(destroyed);
        assertThat(old.sql("SELECT x FROM marker;")).isEqualTo("42\n");
        assertThat(databasesLike(db, "_restoring_")).isEmpty();
        assertThat(side.listSafety(db)).contains(kept.get(0));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFailedBuildIsDroppedAndTheLiveDatabaseIsUnchangedEvenWithLargeObjects(Kind kind) {
        Side side = side(kind);
        PostgresDatabase db = servers.newPostgresDatabase();
        allowCreatingDatabases(db);
        db.sql(SEED);
        Path broken = brokenAfterLargeObjects(side.sidecar, side.backup(db));
        destroy(db);
        String destroyed = db.sql(CONTENT);

        Outcome outcome = side.restore(db, broken);

        assertThat(outcome.ok()).as(outcome.text()).isFalse();
        assertThat(outcome.text()).contains("syntax error").contains("was not touched and is unchanged").contains("dropped");
        assertThat(db.sql(CONTENT)).isEqualTo(destroyed);
        assertThat(db.sql("SELECT x FROM marker;")).isEqualTo("42\n");
        assertThat(databasesLike(db, "_restoring_")).isEmpty();
        assertThat(databasesLike(db, "_before_restore_")).isEmpty();
    }

    /** How a file goes bad where only a full read can tell: each check that now rides on the load. */
    enum Damage {
        /** The gzip trailer's CRC, the stream's last bytes but eight; the checksum file is made to match. */
        LATE_CRC("is not a valid gzip file"),
        /** A whole gzip stream with a matching checksum, but pg_dump's end marker is gone. */
        NO_END_MARKER("incomplete PostgreSQL dump"),
        /** The file is whole, its checksum file says otherwise. */
        CHECKSUM("does not match");

        final String says;

        Damage(String says) {
            this.says = says;
        }

        Path apply(Path good, Path target) throws java.io.IOException {
            byte[] bytes = java.nio.file.Files.readAllBytes(good);
            switch (this) {
                case LATE_CRC -> {
                    bytes[bytes.length - 8] ^= 0x5A;
                    java.nio.file.Files.write(target, bytes);
                    Sidecar.writeChecksum(target);
                }
                case NO_END_MARKER -> {
                    String dump = new String(Sidecar.gunzip(good), StandardCharsets.UTF_8);
                    assertThat(dump).contains("-- PostgreSQL database dump complete");
                    Sidecar.gzip(dump.replace("-- PostgreSQL database dump complete", "--").getBytes(StandardCharsets.UTF_8), target);
                    Sidecar.writeChecksum(target);
                }
                case CHECKSUM -> {
                    java.nio.file.Files.write(target, bytes);
                    java.nio.file.Files.writeString(target.resolveSibling(target.getFileName() + ".sha256"),
                            "0".repeat(64) + "  " + target.getFileName() + "\n");
                }
            }
            return target;
        }
    }

    /**
     * Build-and-swap checks the file while it loads, not before: a file that is bad only at its end
     * (or as a whole) is loaded into the new database, found bad when the load reaches the end, and
     * that database is dropped; the live one was never touched. The message names the file and the
     * check that failed, and says that the bad file was found while loading.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("kindsAndDamages")
    void aFileFoundBadWhileLoadingIsNeverSwappedIn(Kind kind, Damage damage) throws Exception {
        Side side = side(kind);
        PostgresDatabase db = servers.newPostgresDatabase();
        allowCreatingDatabases(db);
        db.sql(SEED);
        // several MB of dump: the decompressors hand out the start before they reach a bad trailer
        db.sql("CREATE TABLE filler AS SELECT i, md5(i::text) AS h FROM generate_series(1, 150000) i;");
        Path good = side.backup(db);
        Path bad = damage.apply(good, side.sidecar.backupDir.resolve("postgres-2020-01-01T00-00-00.sql.gz"));
        destroy(db);
        String destroyed = db.sql(CONTENT);

        Outcome outcome = side.restore(db, bad);

        assertThat(outcome.ok()).as(outcome.text()).isFalse();
        assertThat(outcome.text()).containsIgnoringCase("method: build beside and swap").contains(bad.getFileName().toString())
                .contains(damage.says).containsPattern(db.name() + "_restoring_\\d{8}T\\d{6} was dropped")
                .contains(db.name() + " was not touched and is unchanged");
        assertThat(db.sql(CONTENT)).isEqualTo(destroyed);
        assertThat(db.sql("SELECT x FROM marker;")).isEqualTo("42\n");
        assertThat(databasesLike(db, "_restoring_")).isEmpty();
        assertThat(databasesLike(db, "_before_restore_")).isEmpty();
    }

    static List<org.junit.jupiter.params.provider.Arguments> kindsAndDamages() {
        List<org.junit.jupiter.params.provider.Arguments> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Damage damage : Damage.values()) {
                all.add(org.junit.jupiter.params.provider.Arguments.of(kind, damage));
            }
        }
        return all;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void withoutCreatedbTheInPlaceFallbackNeverClaimsUnchangedWhenLargeObjectsWereCommitted(Kind kind) {
        Side side = side(kind);
        PostgresDatabase db = servers.newPostgresDatabase();
        db.sql(SEED);
        Path broken = brokenAfterLargeObjects(side.sidecar, side.backup(db));
        destroy(db);

        Outcome outcome = side.restore(db, broken);

        assertThat(outcome.ok()).as(outcome.text()).isFalse();
        assertThat(outcome.text()).containsIgnoringCase("method: in place, in one transaction")
                .contains("may not create databases (no CREATEDB)")
                .contains("may be partly restored").doesNotContain("unchanged")
                .as("names the safety copy taken first").contains("safety/postgres-");
        // what the message says is true: the tables came back before the large objects committed
        assertThat(db.sql("SELECT count(*) FROM customers;")).isEqualTo("2000\n");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void rotationKeepsTheNewestSafetyDatabases(Kind kind) {
        Side side = side(kind);
        PostgresDatabase db = servers.newPostgresDatabase();
        allowCreatingDatabases(db);
        for (String stamp : List.of("20200101T000000", "20200102T000000", "20200103T000000", "20200104T000000")) {
            superSql(db, "CREATE DATABASE \"" + db.name() + "_before_restore_" + stamp + "\" OWNER " + db.user() + ";");
        }
        // not a safety database: another name that only starts alike
        superSql(db, "CREATE DATABASE " + db.name() + "_before_restore_notes OWNER " + db.user() + ";");

        Outcome outcome = side.rotateSafety(db, 2);

        assertThat(outcome.ok()).as(outcome.text()).isTrue();
        assertThat(databasesLike(db, "_before_restore_")).containsExactly(db.name() + "_before_restore_20200103T000000",
                db.name() + "_before_restore_20200104T000000", db.name() + "_before_restore_notes");
        assertThat(outcome.text()).contains("dropped: " + db.name() + "_before_restore_20200101T000000");
    }

    /** Every object's owner and grants, the extension, sequences, large objects, memberships, content: to compare two servers. */
    private static String catalog(PostgresDatabase db, String roles) {
        return db.sql("""
                SELECT 'schema', nspname, pg_get_userbyid(nspowner), nspacl::text FROM pg_namespace
                 WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 2;
                SELECT 'relation', n.nspname, c.relname, c.relkind, pg_get_userbyid(c.relowner), c.relacl::text
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ORDER BY 2, 3;
                SELECT 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), pg_get_userbyid(p.proowner), p.proacl::text
                  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ORDER BY 2, 3, 4;
                SELECT 'trigger', tgrelid::regclass::text, tgname, tgfoid::regproc::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 2, 3;
                SELECT 'extension', extname, extversion, extnamespace::regnamespace::text, pg_get_userbyid(extowner) FROM pg_extension ORDER BY 2;
                SELECT 'default acl', pg_get_userbyid(defaclrole), defaclnamespace::regnamespace::text, defaclobjtype, defaclacl::text
                  FROM pg_default_acl ORDER BY 2, 3, 4;
                SELECT 'large objects', count(*), string_agg(pg_get_userbyid(lomowner) || ' ' || coalesce(lomacl::text, '-') || ' '
                       || md5(lo_get(oid)), ', ' ORDER BY oid) FROM pg_largeobject_metadata;
                SELECT 'sequence', last_value, is_called FROM app.order_no;
                SELECT 'rows', (SELECT count(*) FROM app.customers), (SELECT md5(string_agg(id || name, ',' ORDER BY id)) FROM app.customers),
                       (SELECT count(*) FROM reporting.totals), (SELECT n FROM reporting.summary), app.customer_count();
                SELECT 'membership', r.rolname, m.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid
                  JOIN pg_roles m ON m.oid = a.member WHERE r.rolname LIKE 'ROLES%' OR m.rolname LIKE 'ROLES%' ORDER BY 2, 3;
                SELECT 'role', rolname, rolcanlogin, rolsuper, rolcreatedb FROM pg_roles WHERE rolname LIKE 'ROLES%' ORDER BY 2;
                """.replace("ROLES", roles));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRestoreIntoAFreshServerBringsBackEveryObjectWithItsOwnerAndGrants(Kind kind) {
        Side side = side(kind);
        PostgresDatabase db = servers.newPostgresDatabase();
        String owner2 = db.name() + "_owner2";
        String reader = db.name() + "_reader";
        // as in the postgres image, the configured user is the server's superuser
        superSql(db, "ALTER ROLE " + db.user() + " SUPERUSER; CREATE ROLE " + owner2 + " NOLOGIN; CREATE ROLE " + reader + " LOGIN;"
                + " GRANT " + reader + " TO " + owner2 + ";");
        db.sql("""
                CREATE EXTENSION pg_trgm;
                CREATE SCHEMA app;
                CREATE SCHEMA reporting AUTHORIZATION OWNER2;
                CREATE SEQUENCE app.order_no START 1000;
                SELECT nextval('app.order_no'), nextval('app.order_no');
                CREATE TABLE app.customers(id serial PRIMARY KEY, name text NOT NULL, updated timestamptz);
                CREATE INDEX customers_name_trgm ON app.customers USING gin (name gin_trgm_ops);
                INSERT INTO app.customers(name) SELECT 'Kunde ' || i FROM generate_series(1, 500) i;
                CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated := now(); RETURN NEW; END$$;
                CREATE TRIGGER customers_touch BEFORE UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch();
                CREATE FUNCTION app.customer_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.customers';
                REVOKE EXECUTE ON FUNCTION app.customer_count() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION app.customer_count() TO READER;
                CREATE VIEW app.customer_names AS SELECT name FROM app.customers;
                GRANT USAGE ON SCHEMA app TO READER;
                GRANT SELECT ON app.customers, app.customer_names TO READER;
                SELECT lo_from_bytea(0, 'owned by the configured user');
                SET ROLE OWNER2;
                CREATE TABLE reporting.totals(day date PRIMARY KEY, total numeric);
                INSERT INTO reporting.totals SELECT DATE '2026-01-01' + i, i * 1.5 FROM generate_series(0, 99) i;
                CREATE MATERIALIZED VIEW reporting.summary AS SELECT count(*) AS n FROM reporting.totals;
                CREATE FUNCTION reporting.doubled(x int) RETURNS int LANGUAGE sql AS 'SELECT x * 2';
                GRANT USAGE ON SCHEMA reporting TO READER;
                GRANT SELECT ON reporting.totals TO READER;
                ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO READER;
                SELECT lo_from_bytea(0, 'owned by the second role');
                RESET ROLE;
                DO $$ BEGIN EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO READER', (SELECT max(oid) FROM pg_largeobject_metadata)); END $$;
                """.replace("OWNER2", owner2).replace("READER", reader));
        String before = catalog(db, db.name() + "_");
        assertThat(before).contains("extension|pg_trgm", "relation|reporting|summary|m|" + owner2, "function|reporting|doubled|x integer|" + owner2,
                "trigger|app.customers|customers_touch", "large objects|2|", "membership|" + reader + "|" + owner2);
        Path file = side.backup(db);

        // a new, empty server: only the configured user and its empty database, as the postgres image creates them
        PostgresServer fresh = servers.closeAfterTest(PostgresServer.start());
        fresh.superSql("postgres", "CREATE ROLE " + db.user() + " SUPERUSER LOGIN PASSWORD '" + db.password().replace("'", "''") + "';"
                + " CREATE DATABASE " + db.name() + " OWNER " + db.user() + ";");
        PostgresDatabase target = new PostgresDatabase(fresh, db.name(), db.user(), db.password());

        Outcome outcome = side.restore(target, file);

        assertThat(outcome.ok()).as(outcome.text()).isTrue();
        assertThat(outcome.text()).containsIgnoringCase("created role").contains(owner2).contains(reader);
        assertThat(catalog(target, db.name() + "_")).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSessionThatCannotBeEndedStopsTheSwapAndNothingChanges(Kind kind) throws Exception {
        Side side = side(kind);
        PostgresDatabase db = servers.newPostgresDatabase();
        allowCreatingDatabases(db);
        db.sql(SEED);
        Path file = side.backup(db);
        destroy(db);
        String destroyed = db.sql(CONTENT);
        // the application logs in as a role of its own, whose sessions the restoring user may not end
        String app = db.name() + "_app";
        superSql(db, "CREATE ROLE " + app + " LOGIN PASSWORD 'app-pw'; GRANT CONNECT ON DATABASE " + db.name() + " TO " + app + ";");
        Process session = Exec.of(Tools.postgres("psql").toString(), "-X", "-h", db.host(), "-p", String.valueOf(db.port()),
                "-U", app, "-d", db.name(), "-c", "SELECT pg_sleep(120)").env("PGPASSWORD", "app-pw").builder().start();
        try {
            Thread.sleep(500);

            Outcome outcome = side.restore(db, file);

            assertThat(outcome.ok()).as(outcome.text()).isFalse();
            assertThat(outcome.text()).contains("unchanged");
            assertThat(db.sql(CONTENT)).isEqualTo(destroyed);
            assertThat(databasesLike(db, "_restoring_")).isEmpty();
            assertThat(databasesLike(db, "_before_restore_")).isEmpty();
            assertThat(superSql(db, "SELECT datallowconn FROM pg_database WHERE datname = '" + db.name() + "';"))
                    .as("connections are allowed again").isEqualTo("t\n");
            assertThat(session.isAlive()).as("the application's session was left alone").isTrue();
        } finally {
            session.destroyForcibly();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = "SIDECAR")
    void aRestoreStoppedWhileBuildingDropsWhatItBuilt(Kind kind) throws Exception {
        Side side = side(kind);
        PostgresDatabase db = servers.newPostgresDatabase();
        allowCreatingDatabases(db);
        db.sql(SEED);
        Path file = side.backup(db);
        destroy(db);
        String destroyed = db.sql(CONTENT);
        // the load waits, so that the restore can be stopped while it builds
        side.sidecar.shell.wrapClient("psql", "case \"$*\" in *--single-transaction*) sleep 5 ;; esac\nexec \"$REAL\" \"$@\"");
        Exec running = side.sidecar.shell.exec(side.sidecar.env, "restore.sh", file.toString(), "--yes");
        Process restore = running.builder().start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (databasesLike(db, "_restoring_").isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(databasesLike(db, "_restoring_")).hasSize(1);

        Exec.of("kill", "-TERM", String.valueOf(restore.pid())).run().orFail();
        Exec.Result result = running.finish(restore);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
        assertThat(result.stderr()).contains("dropped the unfinished database " + db.name() + "_restoring_");
        assertThat(databasesLike(db, "_restoring_")).isEmpty();
        assertThat(db.sql(CONTENT)).isEqualTo(destroyed);
    }
}
