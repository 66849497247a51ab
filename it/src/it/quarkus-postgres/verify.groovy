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
