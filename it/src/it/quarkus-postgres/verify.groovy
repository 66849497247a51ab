import io.github.dockstart.it.SampleProject

// Quarkus: quarkus-jdbc-postgresql and quarkus.datasource.* (the app talks to port 5433)
def p = new SampleProject(basedir)

assert p.service('postgres').image == 'postgres:16-alpine'
assert p.ports('postgres') == ['127.0.0.1::5432']
def backup = p.environment('db-backup')
assert backup.DB_TYPE == 'postgres'
assert backup.DB_NAME == 'fruits'
assert backup.DB_USER == 'fruits'
assert p.text('.devcontainer/Dockerfile') =~ /21/

// Quarkus's variables; the app's port 5433 is published on the host, the server listens on 5432 in the stack
def app = p.environment('app')
assert app.QUARKUS_DATASOURCE_JDBC_URL == 'jdbc:postgresql://postgres:5432/fruits'
assert app.QUARKUS_DATASOURCE_USERNAME == 'fruits'
assert app.QUARKUS_DATASOURCE_PASSWORD == 'fruits'
assert app.keySet() == ['QUARKUS_DATASOURCE_JDBC_URL', 'QUARKUS_DATASOURCE_USERNAME', 'QUARKUS_DATASOURCE_PASSWORD'] as Set
