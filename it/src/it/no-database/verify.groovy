import io.github.dockstart.it.SampleProject

// no database anywhere: a devcontainer for the app alone, and the output says so
def p = new SampleProject(basedir)

assert p.buildLog().contains('No database detected: the devcontainer has no backup sidecar.')
def services = p.compose().services.keySet()
assert services == ['app'] as Set
assert !p.file('.devcontainer/Dockerfile.backup').exists()
assert !p.text('.devcontainer/docker-compose.yml').contains('db-backup')
