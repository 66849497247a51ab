import io.github.dockstart.it.SampleProject

// a YAML error fails the build as a user error naming file and line, and nothing is written
def p = new SampleProject(basedir)
def log = p.buildLog()

assert log =~ /\[ERROR\] Failed to execute goal .*dockstart-maven-plugin.*:generate .*src\/main\/resources\/application\.yml:[45]:? /
assert !log.contains('Internal error in dockstart')
// a user error (MojoFailureException), not an internal one (MojoExecutionException)
assert log.contains('/MAVEN/MojoFailureException') && !log.contains('/MAVEN/MojoExecutionException')
assert !p.file('.devcontainer').exists() && !p.file('backups').exists() && !p.file('.gitignore').exists()
assert p.files() == new SampleProject(new File(basedir, "../../../src/it/${basedir.name}")).files()
