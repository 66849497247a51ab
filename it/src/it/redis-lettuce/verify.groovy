import io.github.dockstart.it.SampleProject

// Lettuce in the pom, REDIS_URL in .env
def p = new SampleProject(basedir)

assert p.service('redis').image == 'redis:7-alpine'
assert p.ports('redis') == ['127.0.0.1::6379']
def backup = p.environment('db-backup')
assert backup.DB_TYPE == 'redis'
assert backup.DB_CONTAINER == 'redis'
assert p.text('.devcontainer/Dockerfile.backup').contains('redis')
assert !p.compose().services.keySet().any { it in ['postgres', 'mysql', 'mariadb'] }

// the app reads REDIS_URL; the container's variable counts over .env
assert p.environment('app') == [REDIS_URL: 'redis://redis:6379/2']
