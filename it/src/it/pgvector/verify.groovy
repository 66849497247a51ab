import io.github.dockstart.it.SampleProject

// CREATE EXTENSION vector in a Flyway migration: PostgreSQL runs pgvector's image of the major the
// project pins elsewhere (17), and the sidecar is built FROM PostgreSQL 17's own image
def p = new SampleProject(basedir)
def log = p.buildLog()

assert p.service('postgres').image == 'pgvector/pgvector:pg17'
assert p.text('.devcontainer/Dockerfile.backup') =~ /(?m)^FROM postgres:17-alpine3\.\d+$/
assert log.contains('src/main/resources/db/migration/V1__vectors.sql:2 CREATE EXTENSION vector')
