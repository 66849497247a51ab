import io.github.dockstart.it.SampleProject

// Spring Boot + PostgreSQL from application.properties, run with the plugin prefix as a user would
def p = new SampleProject(basedir)
def log = p.buildLog()

['.devcontainer/devcontainer.json', '.devcontainer/docker-compose.yml', '.devcontainer/Dockerfile',
 '.devcontainer/Dockerfile.backup', '.devcontainer/scripts/backup.sh', '.devcontainer/scripts/rotate.sh',
 '.devcontainer/scripts/restore.sh', 'backups/.gitkeep'].each { assert p.file(it).isFile() : "missing $it" }
['backup.sh', 'rotate.sh', 'restore.sh'].each { assert p.file(".devcontainer/scripts/$it").canExecute() : "$it not executable" }

def compose = p.compose()
assert compose.services.keySet().containsAll(['app', 'postgres', 'db-backup'])
assert p.service('postgres').image == 'postgres:16-alpine'
assert p.ports('postgres') == ['127.0.0.1::5432']

def backup = p.environment('db-backup')
assert backup.DB_TYPE == 'postgres'
assert backup.DB_CONTAINER == 'postgres'
assert backup.DB_NAME == 'shop'
assert backup.DB_USER == 'shop'
// the backup client matches the server's major version: the sidecar is built FROM its image
assert p.text('.devcontainer/Dockerfile.backup') =~ /(?m)^FROM postgres:16-alpine3\.\d+$/
// JDK of the project's Java version
assert p.text('.devcontainer/Dockerfile') =~ /21/
assert p.text('.gitignore').readLines().contains('/backups/')

assert log.contains('Wrote .devcontainer/docker-compose.yml')
assert log.contains('Wrote backups/.gitkeep')
assert log =~ /dockstart: \d+ written, 0 unchanged\./
assert !log.contains('Sh0p-secret!') : 'the password reached the build log'

// the app, configured for localhost, reaches the database of the stack through Spring Boot's variables
def app = p.environment('app')
assert app.SPRING_DATASOURCE_URL == 'jdbc:postgresql://postgres:5432/shop'
assert app.SPRING_DATASOURCE_USERNAME == 'shop'
assert app.SPRING_DATASOURCE_PASSWORD == 'Sh0p-secret!'
assert !app.containsKey('SPRING_DOCKER_COMPOSE_ENABLED')
