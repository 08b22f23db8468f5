# A schema-1 store (every event a row of `events`, PRAGMA user_version = 1), written here
# with the sqlite3 CLI, not by tides: it opens read-only as it is (stats, export, index see
# its rows, the version stays 1); an import migrates it in place (user_version 2, the rows
# stay, the new ones go to segments) and dedups against the old rows; export then gives
# every event exactly as `import --emit` parsed it.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
D=$ROOT/tests/data/store
db=$TMP/v1.db
$TIDES import --emit tsv "$D/good.CSV" 2>/dev/null > "$TMP/e.tsv"
test "$(sed 1d "$TMP/e.tsv" | wc -l)" = 40
{
cat <<'SQL'
CREATE TABLE events(id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, date TEXT NOT NULL,
 source TEXT NOT NULL, target TEXT NOT NULL, code TEXT NOT NULL, root TEXT NOT NULL,
 quad INTEGER NOT NULL, goldstein REAL, issues TEXT NOT NULL, doc_id TEXT NOT NULL,
 sentence INTEGER NOT NULL, lang TEXT NOT NULL, source_text TEXT NOT NULL, verb_text TEXT NOT NULL,
 target_text TEXT NOT NULL, origin TEXT NOT NULL, orig_id TEXT NOT NULL,
 source_country TEXT NOT NULL, target_country TEXT NOT NULL);
CREATE TABLE sentences(doc_id TEXT NOT NULL, sentence INTEGER NOT NULL, date TEXT NOT NULL,
 lang TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY(doc_id, sentence));
CREATE TABLE import_progress(path TEXT PRIMARY KEY, format TEXT NOT NULL, size INTEGER NOT NULL,
 mtime_ns INTEGER NOT NULL, offset INTEGER NOT NULL, line INTEGER NOT NULL, rows INTEGER NOT NULL,
 done INTEGER NOT NULL);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE UNIQUE INDEX events_event_id ON events(event_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_dyad ON events(source_country, target_country, date, goldstein);
CREATE INDEX events_target ON events(target_country, date);
CREATE INDEX events_actors ON events(source, target, date);
PRAGMA user_version = 1;
BEGIN;
SQL
# the first 20 events as v1 rows (event_id: the 16 hex digits as a 64-bit integer literal)
sed 1d "$TMP/e.tsv" | head -20 | awk -F'\t' '{
	q = sprintf("%s", $0); n = split(q, f, "\t")
	for (i = 1; i <= n; i++) gsub(/'\''/, "'\'''\''", f[i])
	printf "INSERT INTO events VALUES(NULL, 0x%s, '\''%s'\'', '\''%s'\'', '\''%s'\'', '\''%s'\'', '\''%s'\'', %d, %s, '\''%s'\'', '\''%s'\'', %d, '\''%s'\'', '\''%s'\'', '\''%s'\'', '\''%s'\'', '\''%s'\'', '\''%s'\'', '\''%s'\'', '\''%s'\'');\n",
		f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8] == "" ? "NULL" : f[8], f[9], f[10], f[11], f[12],
		f[13], f[14], f[15], f[16], f[17], f[18], f[19]
}'
echo "COMMIT;"
} | sqlite3 "$db"
# read-only: the rows as they are
$TIDES stats --db "$db" | grep -qx "events	20"
test "$(sqlite3 "$db" 'PRAGMA user_version')" = 1
$TIDES export --db "$db" | sed 1d | sort > "$TMP/a"
sed 1d "$TMP/e.tsv" | head -20 | sort > "$TMP/b"
cmp "$TMP/a" "$TMP/b"
# the index over the rows equals awk over the same events
n=$(awk -F'\t' '$18 == "RUS" && $19 == "GEO"' "$TMP/b" | wc -l)
got=$($TIDES index --db "$db" --dyad RUS,GEO --directed --by year | awk -F, 'NR > 2 { n += $3 } END { print n }')
test "$n" -gt 0 && test "$got" = "$n"
# an import migrates it and adds only the 20 events it did not have
$TIDES import --db "$db" "$D/good.CSV" 2> "$TMP/err"
grep -q "imported 40 rows from 1 files: 20 added, 20 already stored" "$TMP/err" || { cat "$TMP/err"; exit 1; }
test "$(sqlite3 "$db" 'PRAGMA user_version')" = 2
test "$(sqlite3 "$db" 'SELECT count(*) FROM events')" = 20
test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok
$TIDES stats --db "$db" | grep -qx "events	40"
$TIDES export --db "$db" | sed 1d | sort > "$TMP/a"
sed 1d "$TMP/e.tsv" | sort > "$TMP/b"
cmp "$TMP/a" "$TMP/b"
# and a second import adds nothing
$TIDES import --db "$db" "$TMP/e.tsv" 2> "$TMP/err"
grep -q "0 added, 40 already stored" "$TMP/err" || { cat "$TMP/err"; exit 1; }
# its sentences table keeps its rowids (new stores make it WITHOUT ROWID): code --db adds to
# it, once, and a new store's table has none
printf '{"id":"v1doc","date":"2014-03-01","text":"Russia accused Georgia. Georgia praised Russia."}\n' > "$TMP/s.jsonl"
for i in 1 2; do
	$TIDES code --db "$db" "$TMP/s.jsonl" > /dev/null 2>&1
done
test "$(sqlite3 "$db" "SELECT count(*) FROM sentences WHERE doc_id = 'v1doc'")" = 2
test "$(sqlite3 "$db" "SELECT count(DISTINCT rowid) FROM sentences WHERE doc_id = 'v1doc'")" = 2
test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok
$TIDES code --db "$TMP/new.db" "$TMP/s.jsonl" > /dev/null 2>&1
test "$(sqlite3 "$TMP/new.db" "SELECT count(*) FROM sentences WHERE doc_id = 'v1doc'")" = 2
if sqlite3 "$TMP/new.db" "SELECT rowid FROM sentences" > /dev/null 2>&1; then exit 1; fi
