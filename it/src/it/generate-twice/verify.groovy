import io.github.dockstart.it.SampleProject

// two runs of generate: the second finds everything up to date and writes nothing
def p = new SampleProject(basedir)
def log = p.buildLog()

def summaries = log.findAll(/dockstart: \d+ written, \d+ unchanged, \d+ kept as edited\./)
assert summaries.size() == 2
def first = (summaries[0] =~ /(\d+) written, (\d+) unchanged/)[0]
def second = (summaries[1] =~ /(\d+) written, (\d+) unchanged/)[0]
assert first[1].toInteger() > 0 && first[2] == '0'
assert second[1] == '0' && second[2] == first[1] : 'the second run rewrote files'

def secondRun = log.substring(log.indexOf(summaries[0]) + summaries[0].length())
assert secondRun.contains('Unchanged .devcontainer/docker-compose.yml')
assert !secondRun.contains('Wrote ')
assert p.text('.gitignore').readLines().count('/backups/') == 1
