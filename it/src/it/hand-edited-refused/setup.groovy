import io.github.dockstart.it.SampleProject

// dockstart wrote the devcontainer before; since then the user changed docker-compose.yml
def p = new SampleProject(basedir)
p.generateWithCore()
def compose = p.file('.devcontainer/docker-compose.yml')
compose.text = compose.text + '# my own tweak\n'
return true
