-- dockstart restore drill: the figures of a MySQL/MariaDB database (the current one), read by the
-- sidecar (restore.sh --drill) and the host (RestoreDrill) alike, so that both compare the same
-- things. One line "kind name value" each, sorted byte-wise: the rows of every table, a digest of
-- each view's, routine's, trigger's and event's definition (without the database's own name, so
-- that a copy under another name compares equal), and the definers they name. Exact row counts
-- need a statement per table: it is put together and run as a prepared statement of this
-- session, which writes nothing (information_schema.TABLES.TABLE_ROWS is only an estimate).
SET SESSION group_concat_max_len = 67108864;
SET @dockstart_db = CONCAT('`', REPLACE(DATABASE(), '`', '``'), '`.');
SET @dockstart_tables = (
  SELECT GROUP_CONCAT(CONCAT('SELECT CONCAT(''table '', ', QUOTE(TABLE_NAME), ', '' '', COUNT(*)) FROM `',
           REPLACE(TABLE_NAME, '`', '``'), '`') SEPARATOR ' UNION ALL ')
    FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE');
SET @dockstart_figures = CONCAT(
  'SELECT CONVERT(line USING utf8mb4) COLLATE utf8mb4_bin FROM (SELECT '''' AS line FROM DUAL WHERE FALSE UNION ALL ',
  COALESCE(CONCAT(@dockstart_tables, ' UNION ALL '), ''),
  'SELECT CONCAT(''view '', TABLE_NAME, '' '', MD5(REPLACE(VIEW_DEFINITION, @dockstart_db, ''''))) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()',
  ' UNION ALL SELECT CONCAT(LOWER(ROUTINE_TYPE), '' '', ROUTINE_NAME, '' '', MD5(COALESCE(REPLACE(ROUTINE_DEFINITION, @dockstart_db, ''''), ''''))) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()',
  ' UNION ALL SELECT CONCAT(''trigger '', TRIGGER_NAME, '' '', MD5(REPLACE(ACTION_STATEMENT, @dockstart_db, ''''))) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()',
  ' UNION ALL SELECT CONCAT(''event '', EVENT_NAME, '' '', MD5(REPLACE(EVENT_DEFINITION, @dockstart_db, ''''))) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()',
  ' UNION ALL SELECT CONCAT(''role '', definer, '' '', COUNT(*)) FROM (',
  '   SELECT DEFINER AS definer FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()',
  '   UNION ALL SELECT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()',
  '   UNION ALL SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()',
  '   UNION ALL SELECT DEFINER FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()',
  ' ) definers GROUP BY definer',
  ') figures ORDER BY 1');
PREPARE dockstart_figures FROM @dockstart_figures;
EXECUTE dockstart_figures;
DEALLOCATE PREPARE dockstart_figures;
