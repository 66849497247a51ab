import io.github.dockstart.it.SampleProject

// without -Ddockstart.force, files changed by hand stay as they are and the output names them:
// docker-compose.yml (edited after dockstart wrote it) and devcontainer.json (the user's own)
def p = new SampleProject(basedir)
def log = p.buildLog()

assert p.text('.devcontainer/docker-compose.yml').endsWith('# my own tweak\n')
assert p.text('.devcontainer/devcontainer.json').contains('my own devcontainer')
['.devcontainer/docker-compose.yml', '.devcontainer/devcontainer.json'].each {
    assert log.contains("[WARNING] Kept $it: it was edited by hand since dockstart wrote it; -Ddockstart.force overwrites it.")
}
assert log =~ /dockstart: 0 written, \d+ unchanged, 2 kept as edited\./
