-- dockstart restore drill: the figures of a PostgreSQL database, read by the sidecar (restore.sh
-- --drill) and the host (RestoreDrill) alike, so that both compare the same things. One line
-- "kind name value" each, sorted byte-wise: what can be counted cheaply (the rows of every
-- table, each sequence's last value, a digest of each view's and function's definition, the
-- large objects, and the roles that own objects). It only reads: no temporary object, no write.
SELECT line FROM (
  SELECT format('table %s.%s %s', quote_ident(n.nspname), quote_ident(c.relname),
           (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text) AS line
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'
  UNION ALL
  SELECT format('sequence %s.%s %s', quote_ident(schemaname), quote_ident(sequencename), coalesce(last_value::text, 'unused'))
    FROM pg_sequences
  UNION ALL
  SELECT format('view %s.%s %s', quote_ident(n.nspname), quote_ident(c.relname), md5(pg_get_viewdef(c.oid)))
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL
  SELECT format('function %s.%s(%s) %s', quote_ident(n.nspname), quote_ident(p.proname),
           replace(oidvectortypes(p.proargtypes), ', ', ','), md5(coalesce(p.prosrc, '')))
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  UNION ALL
  SELECT format('large-objects all %s', count(*)) FROM pg_largeobject_metadata
  UNION ALL
  SELECT format('role %s %s', quote_ident(pg_get_userbyid(owner)), count(*)) FROM (
    SELECT c.relowner AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'
    UNION ALL
    SELECT p.proowner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL
    SELECT lomowner FROM pg_largeobject_metadata
  ) owners GROUP BY owner
) figures ORDER BY line COLLATE "C";
