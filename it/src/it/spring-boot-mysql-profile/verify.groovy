import io.github.dockstart.it.SampleProject

// the datasource is only in the dev profile's application-dev.yml
def p = new SampleProject(basedir)

assert p.service('mysql').image == 'mysql:8.4'
assert p.ports('mysql') == ['127.0.0.1::3306']
def backup = p.environment('db-backup')
assert backup.DB_TYPE == 'mysql'
assert backup.DB_CONTAINER == 'mysql'
assert backup.DB_NAME == 'orders'
assert backup.DB_USER == 'orders'
// MariaDB's client dumps MySQL 8 (with its connector for caching_sha2_password)
assert p.text('.devcontainer/Dockerfile.backup').contains('mariadb-client')
assert !p.buildLog().contains('0rders:dev')

// the dev profile's URL, pointed at the service, the rest of it kept
def app = p.environment('app')
assert app.SPRING_DATASOURCE_URL == 'jdbc:mysql://mysql:3306/orders?useSSL=false'
assert app.SPRING_DATASOURCE_USERNAME == 'orders'
assert app.SPRING_DATASOURCE_PASSWORD == '0rders:dev'
