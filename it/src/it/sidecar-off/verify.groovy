import io.github.dockstart.it.SampleProject

// -Ddockstart.sidecar=off after a generate with the sidecar: its service and every one of its
// files go, the databases stay, and the output says so
def p = new SampleProject(basedir)
def log = p.buildLog()

assert p.compose().services.keySet() == ['app', 'postgres'] as Set
assert !p.file('.devcontainer/Dockerfile.backup').exists()
assert !p.file('.devcontainer/scripts').exists()
assert p.file('.devcontainer/Dockerfile').isFile() && p.file('backups/.gitkeep').isFile()
assert p.text('.devcontainer/docker-compose.yml').contains('no backup sidecar (dockstart.sidecar=off)')

def secondRun = log.substring(log.lastIndexOf(':generate (default-cli)'))
assert secondRun.contains('The backup sidecar is off (dockstart.sidecar=off): the devcontainer has no db-backup service')
assert secondRun.contains('Removed .devcontainer/Dockerfile.backup (no longer generated)')
assert secondRun.contains('Removed .devcontainer/scripts/backup.sh (no longer generated)')
// every file of the sidecar, each named, and the summary counts them
def removed = (secondRun =~ /Removed \.devcontainer\/(\S+) \(no longer generated\)/).collect { it[1] }
assert removed.containsAll(['Dockerfile.backup', 'scripts/lib.sh', 'scripts/entrypoint.sh'])
assert secondRun =~ /dockstart: 1 written, \d+ unchanged, ${removed.size()} removed\./
