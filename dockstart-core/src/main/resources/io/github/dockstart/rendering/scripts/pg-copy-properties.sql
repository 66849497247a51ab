-- dockstart: gives the database :new the settings, comment, connection limit and grants of the
-- database :db (none of which pg_dump writes without --create; the owner comes with CREATE
-- DATABASE). Run by psql (\gexec runs each statement built) from the maintenance database, with
-- -v db=LIVE -v new=NEW: by the sidecar's restore.sh and the host's PostgresAccess, this one file.
SELECT statement FROM (
  SELECT 1 AS k, format('ALTER DATABASE %I CONNECTION LIMIT %s', :'new', datconnlimit) AS statement
    FROM pg_database WHERE datname = :'db' AND datconnlimit <> -1
  UNION ALL SELECT 2, format('COMMENT ON DATABASE %I IS %L', :'new', shobj_description(oid, 'pg_database'))
    FROM pg_database WHERE datname = :'db' AND shobj_description(oid, 'pg_database') IS NOT NULL
  UNION ALL SELECT 3, format('REVOKE ALL ON DATABASE %I FROM PUBLIC, %I', :'new', pg_get_userbyid(datdba))
    FROM pg_database WHERE datname = :'db' AND datacl IS NOT NULL
  UNION ALL SELECT 4, format('GRANT %s ON DATABASE %I TO %s%s', a.privilege_type, :'new',
      CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
      CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
    FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = :'db'
  UNION ALL SELECT 5, format('ALTER %sDATABASE %I SET %s = %s',
      CASE WHEN s.setrole = 0 THEN '' ELSE format('ROLE %I IN ', pg_get_userbyid(s.setrole)) END, :'new',
      split_part(c, '=', 1),
      CASE WHEN split_part(c, '=', 1) IN ('search_path', 'temp_tablespaces', 'session_preload_libraries', 'local_preload_libraries')
           THEN substr(c, strpos(c, '=') + 1) ELSE quote_literal(substr(c, strpos(c, '=') + 1)) END)
    FROM pg_db_role_setting s, unnest(s.setconfig) c
   WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = :'db')
) p ORDER BY k \gexec
