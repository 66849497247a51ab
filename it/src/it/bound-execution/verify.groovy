import io.github.dockstart.it.SampleProject

// generate bound in an <execution> without a phase runs at initialize (`mvn initialize`, and every later phase)
def p = new SampleProject(basedir)
def log = p.buildLog()

assert log =~ /(dockstart|dockstart-maven-plugin):\S+:generate \(default\) @ bound-execution/
assert p.service('postgres').image == 'postgres:16-alpine'
assert p.environment('db-backup').DB_NAME == 'bound'
