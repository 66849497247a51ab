import io.github.dockstart.it.SampleProject

// SQLite is a file: no database container, the sidecar backs the file up
def p = new SampleProject(basedir)

def services = p.compose().services.keySet()
assert services.containsAll(['app', 'db-backup'])
assert !services.any { it in ['postgres', 'mysql', 'mariadb', 'redis'] }
def backup = p.environment('db-backup')
assert backup.DB_TYPE == 'sqlite'
assert backup.DB_PATH?.endsWith('data/notes.db')
assert p.text('.devcontainer/Dockerfile.backup').contains('sqlite')
