import io.github.dockstart.it.SampleProject

// the project's own compose.yaml defines PostgreSQL (service "db") and Mailpit: both are kept,
// Redis comes from spring.data.redis.*, and compose.yaml itself is not touched
def p = new SampleProject(basedir)
def source = new SampleProject(new File(basedir, "../../../src/it/${basedir.name}"))

assert p.text('compose.yaml') == source.text('compose.yaml')

def services = p.compose().services
assert services.mailpit?.image == 'axllent/mailpit:v1.27'
assert services.db?.image == 'postgres:15.8'
assert services.redis?.image == 'redis:7-alpine'
assert p.ports('redis') == ['127.0.0.1::6379']
assert !services.containsKey('postgres') : 'PostgreSQL was added a second time beside the existing "db"'

def backup = p.environment('db-backup')
assert backup.DB_CONTAINERS.split(' ') as Set == ['db', 'redis'] as Set
assert backup.DB_DB_TYPE == 'postgres'
assert backup.DB_DB_NAME == 'blog'
assert backup.REDIS_DB_TYPE == 'redis'
// pg_dump must match the kept server's major version, 15
assert p.text('.devcontainer/Dockerfile.backup').contains('postgresql15')

// the kept service "db" is reached by its own name, Redis by the generated one
def app = p.environment('app')
assert app.SPRING_DATASOURCE_URL == 'jdbc:postgresql://db:5432/blog'
assert app.SPRING_DATASOURCE_USERNAME == 'blog'
assert app.SPRING_DATASOURCE_PASSWORD == 'blog-pw'
assert app.SPRING_DATA_REDIS_HOST == 'redis'
assert app.SPRING_DATA_REDIS_PORT == '6379'
