import io.github.dockstart.it.SampleProject

// Micronaut datasources.default with the MariaDB driver
def p = new SampleProject(basedir)

assert p.service('mariadb').image == 'mariadb:11.4'
assert p.ports('mariadb') == ['127.0.0.1::3306']
def backup = p.environment('db-backup')
assert backup.DB_TYPE == 'mariadb'
assert backup.DB_CONTAINER == 'mariadb'
assert backup.DB_NAME == 'inventory'
assert backup.DB_USER == 'inventory'
assert p.text('.devcontainer/Dockerfile.backup').contains('mariadb')

// Micronaut's variables for datasources.default
def app = p.environment('app')
assert app.DATASOURCES_DEFAULT_URL == 'jdbc:mariadb://mariadb:3306/inventory'
assert app.DATASOURCES_DEFAULT_USERNAME == 'inventory'
assert app.DATASOURCES_DEFAULT_PASSWORD == 'inventory'
