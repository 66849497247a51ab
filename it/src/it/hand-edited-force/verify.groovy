import io.github.dockstart.it.SampleProject

// with -Ddockstart.force, the file changed by hand is overwritten with the generated one
def p = new SampleProject(basedir)
def log = p.buildLog()

assert !p.text('.devcontainer/docker-compose.yml').contains('# my own tweak')
assert p.service('postgres').image == 'postgres:16-alpine'
assert log.contains('Wrote .devcontainer/docker-compose.yml')
assert !log.contains('Kept ')
assert log =~ /dockstart: 1 written, \d+ unchanged\./
