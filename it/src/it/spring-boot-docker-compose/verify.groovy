import io.github.dockstart.it.SampleProject

// spring-boot-docker-compose configures the datasource from compose.yaml on the host, so the
// configuration names none; inside the dev container the support is off and the variables say
// where MySQL is. Redis is configured through placeholders, which get their variables too.
def p = new SampleProject(basedir)

def app = p.environment('app')
assert app.SPRING_DOCKER_COMPOSE_ENABLED == 'false'
assert app.SPRING_DATASOURCE_URL == 'jdbc:mysql://database:3306/shop'
assert app.SPRING_DATASOURCE_USERNAME == 'shop'
// the password is s3cret$x; Compose reads $$ as one literal $
assert app.SPRING_DATASOURCE_PASSWORD == 's3cret$$x'
assert app.SPRING_DATA_REDIS_HOST == 'redis'
assert app.REDIS_HOST == 'redis'
assert app.SPRING_DATA_REDIS_PORT == '6379'
assert app.REDIS_PORT == '6379'
assert !p.buildLog().contains('s3cret')
