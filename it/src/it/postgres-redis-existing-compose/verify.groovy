import io.github.dockstart.it.SampleProject

// the project's own compose.yaml defines PostgreSQL (service "db") and Mailpit: both are kept,
// Redis comes from spring.data.redis.*, and compose.yaml itself is not touched
def p = new SampleProject(basedir)
def source = new SampleProject(new File(basedir, "../../../src/it/${basedir.name}"))

assert p.text('compose.yaml') == source.text('compose.yaml')

// compose.yaml is included, not copied, under the name its own stack has (no name:, so the
// directory's): docker compose up at the root and the dev stack are one Compose project
def compose = p.compose()
def projectName = basedir.name.toLowerCase().replaceAll('[^a-z0-9_-]', '')
assert compose.name == projectName
assert compose.include == [[path: ['../compose.yaml', 'docker-compose.loopback.yml']]]
def services = compose.services
assert services.keySet() == ['app', 'redis', 'db-backup'] as Set
assert services.redis?.image == 'redis:7-alpine'
assert p.ports('redis') == ['127.0.0.1::6379']
assert !services.containsKey('postgres') : 'PostgreSQL was added a second time beside the existing "db"'

// both of compose.yaml's ports publish on every interface: the dev stack rebinds them to loopback,
// says so in its header and in the output
def loopback = p.yaml('.devcontainer/docker-compose.loopback.yml').services
assert loopback.db.ports == ['127.0.0.1:5432:5432']
assert loopback.mailpit.ports == ['127.0.0.1:8025:8025']
def header = p.text('.devcontainer/docker-compose.yml')
assert header.contains("# It includes ../compose.yaml and is the same Compose project, ${projectName} (the project directory's name):")
assert header.contains('#   db: 127.0.0.1:5432 -> 5432 (rebound to 127.0.0.1 by docker-compose.loopback.yml; compose.yaml publishes it on every interface)')
assert header.contains('#   mailpit: 127.0.0.1:8025 -> 8025 (rebound')
def log = p.buildLog()
assert log.contains('Rebound to 127.0.0.1 in the dev stack (compose.yaml publishes it on every interface): db: 127.0.0.1:5432 -> 5432')
assert log.contains('Rebound to 127.0.0.1 in the dev stack (compose.yaml publishes it on every interface): mailpit: 127.0.0.1:8025 -> 8025')
assert log.contains("includes compose.yaml as the same Compose project, ${projectName}")
assert log.contains("add 'name: ${projectName}' to it")

def backup = p.environment('db-backup')
assert backup.DB_CONTAINERS.split(' ') as Set == ['db', 'redis'] as Set
assert backup.DB_DB_TYPE == 'postgres'
assert backup.DB_DB_NAME == 'blog'
assert backup.REDIS_DB_TYPE == 'redis'
// pg_dump must match the kept server's major version, 15: the sidecar is built FROM its image
assert p.text('.devcontainer/Dockerfile.backup') =~ /(?m)^FROM postgres:15-alpine3\.\d+$/

// the kept service "db" is reached by its own name, Redis by the generated one
def app = p.environment('app')
assert app.SPRING_DATASOURCE_URL == 'jdbc:postgresql://db:5432/blog'
assert app.SPRING_DATASOURCE_USERNAME == 'blog'
assert app.SPRING_DATASOURCE_PASSWORD == 'blog-pw'
assert app.SPRING_DATA_REDIS_HOST == 'redis'
assert app.SPRING_DATA_REDIS_PORT == '6379'
