import io.github.dockstart.it.SampleProject

// a schedule the sidecar would refuse fails generate with one sentence naming the setting and
// the value, as a user error, and nothing is written
def p = new SampleProject(basedir)
def log = p.buildLog()

assert log =~ /\[ERROR\] Failed to execute goal .*dockstart-maven-plugin.*:generate .*: dockstart\.schedule='@midnight' is not a schedule the backup sidecar accepts: it is not a cron expression; the shorthands supercronic knows are @hourly @daily @weekly @monthly @yearly @annually\./
assert log.contains('/MAVEN/MojoFailureException') && !log.contains('/MAVEN/MojoExecutionException')
assert !p.file('.devcontainer').exists() && !p.file('backups').exists() && !p.file('.gitignore').exists()
