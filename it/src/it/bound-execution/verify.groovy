import io.github.dockstart.it.SampleProject

// generate bound in an <execution> without a phase runs at initialize, in `mvn validate`
def p = new SampleProject(basedir)
def log = p.buildLog()

assert log =~ /dockstart-maven-plugin:[^:]+:generate \(default\) @ bound-execution/
assert p.service('postgres').image == 'postgres:16-alpine'
assert p.environment('db-backup').DB_NAME == 'bound'
