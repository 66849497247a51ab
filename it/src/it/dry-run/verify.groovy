import io.github.dockstart.it.SampleProject

// a dry run prints the unified diff of what would be written and writes nothing
def p = new SampleProject(basedir)
def log = p.buildLog()

assert log.contains('Would write .devcontainer/docker-compose.yml')
assert log.contains('+++ b/.devcontainer/docker-compose.yml')
assert log.contains('+++ b/.gitignore')
assert log =~ /\+\s+image: "?postgres:16-alpine"?/
assert !log.contains('Wrote ')
assert !p.file('.devcontainer').exists() && !p.file('backups').exists() && !p.file('.gitignore').exists()
// the diff shows the Compose file, which holds the password: the log must not
assert log =~ /POSTGRES_PASSWORD: ["']?\*{8}["']?\n/
assert !log.contains('dry-$ecret') && !log.contains('dry-$$ecret')
