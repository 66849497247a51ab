-- dockstart: an empty database :new beside the live database :db, with its owner, encoding and
-- locale (provider included), for a build-and-swap restore or a restore drill to load into. Read
-- by the sidecar (restore.sh) and the host (PostgresAccess) alike; run with psql -v db=... -v new=...
SELECT format('CREATE DATABASE %I WITH TEMPLATE template0 OWNER %I ENCODING %L LC_COLLATE %L LC_CTYPE %L', :'new',
         pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype)
       || CASE to_jsonb(d) ->> 'datlocprovider'
            WHEN 'i' THEN format(' LOCALE_PROVIDER icu ICU_LOCALE %L', coalesce(to_jsonb(d) ->> 'daticulocale', to_jsonb(d) ->> 'datlocale'))
            WHEN 'b' THEN format(' LOCALE_PROVIDER builtin BUILTIN_LOCALE %L', to_jsonb(d) ->> 'datlocale')
            ELSE '' END
  FROM pg_database d WHERE d.datname = :'db' \gexec
