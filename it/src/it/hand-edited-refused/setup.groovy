import io.github.dockstart.it.SampleProject

// dockstart wrote the devcontainer before; since then the user changed docker-compose.yml,
// replaced devcontainer.json with one of their own (JSON with comments) and added a script
def p = new SampleProject(basedir)
p.generateWithCore()
def compose = p.file('.devcontainer/docker-compose.yml')
compose.text = compose.text + '# my own tweak\n'
p.file('.devcontainer/devcontainer.json').text = '''{
  // my own devcontainer
  "name": "mine",
  "image": "mcr.microsoft.com/devcontainers/java:21",
}
'''
p.file('.devcontainer/post-create.sh').text = 'echo hello\n'
// a generated file that is gone: a half-writing run would bring it back
p.file('.devcontainer/scripts/rotate.sh').delete()
return true
