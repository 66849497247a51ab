import io.github.dockstart.it.SampleProject

// Maven's effective model counts: the module's driver is declared in a parent pom outside the
// reactor, its Java release is ${release.version} set in that parent
def p = new SampleProject(basedir)
def log = p.buildLog()

assert p.service('postgres').image == 'postgres:16-alpine'
def pomLine = p.dependencyLine('parent/pom.xml', 'postgresql')
assert pomLine > 0
assert log.contains("evidence: parent/pom.xml:$pomLine org.postgresql:postgresql")
assert log.contains('Project inherited-from-parent, Java 21')
assert p.text('.devcontainer/Dockerfile').contains('FROM maven:3.9-eclipse-temurin-21\n')
