-- dockstart restore drill: the figures of an SQLite database, read by the sidecar (restore.sh
-- --drill) and the host (RestoreDrill) alike. This query prints a second one, which is run on the
-- same file and prints one line "kind name value" each, sorted byte-wise: the rows of every
-- table, and the length of each view's, index's and trigger's definition. Both only read.
SELECT 'SELECT line FROM (SELECT '''' AS line WHERE 0'
    || coalesce((SELECT group_concat(' UNION ALL SELECT ''table '' || ' || quote(name) || ' || '' '' || count(*) FROM "'
                                     || replace(name, '"', '""') || '"', '')
                   FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'), '')
    || ' UNION ALL SELECT type || '' '' || name || '' '' || length(sql) FROM sqlite_schema'
    || ' WHERE type IN (''view'', ''index'', ''trigger'') AND sql IS NOT NULL'
    || ') ORDER BY line;';
