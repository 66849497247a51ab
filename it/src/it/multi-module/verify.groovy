import io.github.dockstart.it.SampleProject

// the driver and the configuration are in module "app"; dockstart runs once, at the top,
// also when `-pl app` leaves the top project out of the build
def p = new SampleProject(basedir)
def log = p.buildLog()

assert p.file('.devcontainer/docker-compose.yml').isFile()
assert !p.file('app/.devcontainer').exists() && !p.file('domain/.devcontainer').exists()
assert !p.file('app/backups').exists() && !p.file('domain/backups').exists()

assert p.service('postgres').image == 'postgres:16-alpine'
assert p.environment('db-backup').DB_NAME == 'reactor'

// detect named the module's files, and each goal ran for the top project only
def pomLine = p.dependencyLine('app/pom.xml', 'postgresql')
assert pomLine > 0
assert log.contains("evidence: app/pom.xml:$pomLine org.postgresql:postgresql")
assert log.contains('evidence: app/src/main/resources/application.properties:1 spring.datasource.url')
assert log.count('Project multi-module, Java 21') == 1
assert log.count('Wrote .devcontainer/docker-compose.yml') == 1
// the second run, `-pl app`, found the top directory's files up to date
assert log.count('dockstart: 0 written, ') == 1
