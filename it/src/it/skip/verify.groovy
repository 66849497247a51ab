import io.github.dockstart.it.SampleProject

def p = new SampleProject(basedir)
assert p.buildLog().contains('dockstart is skipped (dockstart.skip).')
assert !p.file('.devcontainer').exists() && !p.file('.gitignore').exists()
