import io.github.dockstart.it.SampleProject

// the sidecar configured in the pom's <configuration> (and one pom property): every value in its
// environment, started only with the Compose profile; rotate on the host uses the same retention
def p = new SampleProject(basedir)
def log = p.buildLog()

def backup = p.environment('db-backup')
assert backup.BACKUP_SCHEDULE == '30 2 * * mon-fri'
assert backup.BACKUP_RETENTION_DAYS == '14'
assert backup.BACKUP_KEEP_MIN == '5'
assert backup.BACKUP_KEEP_WEEKLY == '4' && backup.BACKUP_KEEP_MONTHLY == '12'
assert !backup.containsKey('BACKUP_KEEP_DAILY') // 0, off: not written
assert backup.TZ == 'Europe/Berlin'
assert backup.BACKUP_GZIP_LEVEL == '9'
assert p.service('db-backup').profiles == ['backup']
assert !p.service('postgres').containsKey('profiles') && !p.service('app').containsKey('profiles')
assert p.text('.devcontainer/docker-compose.yml').contains('--profile backup up -d')
assert p.file('.devcontainer/scripts/backup.sh').isFile()
assert log.contains('The backup sidecar starts on demand (dockstart.sidecar=on-demand)')

assert log.contains('Would delete 0 backup(s) older than 14 days (keeping at least 5 good ones per service, and the newest'
        + ' of the last 0 days, 4 weeks and 12 months that have one).')
// a plugin-level <configuration> is read by every goal: one that lacks a setting does not complain
assert !(log =~ /(?i)parameter.*unknown/)
