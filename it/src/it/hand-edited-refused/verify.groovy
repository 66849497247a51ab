import io.github.dockstart.it.SampleProject

// without -Ddockstart.force, generate writes nothing into a .devcontainer/ that holds the user's
// files, and says which ones
def p = new SampleProject(basedir)
def log = p.buildLog()

assert log.contains('.devcontainer/devcontainer.json, .devcontainer/docker-compose.yml, .devcontainer/post-create.sh were'
        + ' not written by dockstart, or changed by hand since it wrote them, so generate wrote nothing')
assert log.contains('-Ddockstart.force')
assert p.text('.devcontainer/docker-compose.yml').endsWith('# my own tweak\n')
assert p.text('.devcontainer/devcontainer.json').contains('my own devcontainer')
assert !p.file('.devcontainer/scripts/rotate.sh').exists()
assert !log.contains('Internal error')
