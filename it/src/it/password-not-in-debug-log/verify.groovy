import io.github.dockstart.it.SampleProject

// with debug output on, neither the command-line password nor the environment's is printed;
// the command line gets a warning that names the safer ways
def p = new SampleProject(basedir)
def log = p.buildLog()

assert log.contains('[DEBUG]') && log.contains('(f) via = ')
assert !log.contains('CmdLineSecret-4711')
assert !log.contains('EnvSecret-4711')
// the backup reached for the database (and failed: nothing listens on port 1)
assert log.contains('pg_dump') || log.contains('Cannot reach')
assert log.contains('BUILD FAILURE')
