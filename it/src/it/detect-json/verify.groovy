import io.github.dockstart.it.SampleProject

// detect prints the model and writes it as JSON of the documented shape; nothing else is written
def p = new SampleProject(basedir)
def log = p.buildLog()
def pomLine = p.dependencyLine('pom.xml', 'postgresql')
assert pomLine > 0

def json = p.json('target/dockstart/model.json')
assert json.project == 'detect-json'
assert json.javaVersion == '21'
assert json.services.size() == 1
def service = json.services[0]
assert service.name == 'postgres'
assert service.type == 'postgres'
assert service.image == 'postgres:16-alpine'
assert service.database == 'catalog'
assert service.user == 'catalog'
assert service.port == 5432
assert service.evidence.contains("pom.xml:$pomLine org.postgresql:postgresql".toString())
assert service.evidence.contains('src/main/resources/application.properties:1 spring.datasource.url')
assert !p.text('target/dockstart/model.json').contains('catalog-pw')

assert log.contains('Project detect-json, Java 21')
assert log.contains('Service postgres: postgres, image postgres:16-alpine, localhost:5432, database catalog, user catalog')
assert log.contains("evidence: pom.xml:$pomLine org.postgresql:postgresql")
assert !log.contains('catalog-pw')

assert !p.file('.devcontainer').exists() && !p.file('backups').exists() && !p.file('.gitignore').exists()
