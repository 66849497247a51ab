import io.github.dockstart.it.SampleProject

// two runs of generate: the second finds everything up to date and writes nothing
def p = new SampleProject(basedir)
def log = p.buildLog()

def summaries = log.findAll(/dockstart: \d+ written, \d+ unchanged\./)
assert summaries.size() == 2
assert summaries[0] =~ /dockstart: [1-9]\d* written, 0 unchanged/
assert summaries[1] =~ /dockstart: 0 written, [1-9]\d* unchanged\./

def end = log.indexOf(summaries[0]) + summaries[0].length()
def firstRun = log.substring(0, end)
def secondRun = log.substring(end)
assert !secondRun.contains('Wrote ')
def written = (firstRun =~ /Wrote (\S+)/).collect { it[1] }
// .gitignore already ignores backups/ after the first run, so the second leaves it out entirely;
// every other file is reported unchanged (one summary line: per-file lines are debug output)
def unchanged = (summaries[1] =~ /0 written, (\d+) unchanged/)[0][1] as int
assert unchanged == (written - ['.gitignore']).size()
assert written.contains('.devcontainer/docker-compose.yml')
assert p.text('.gitignore').readLines().count('/backups/') == 1
