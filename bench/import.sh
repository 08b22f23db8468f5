#!/bin/sh
# bench/import.sh [BUILD_DIR] — import speed, aggregation speed and memory of `tides import`.
#
#   BENCH_SMALL_MB  size of the runs repeated for medians (default 512)
#   BENCH_MID_MB    size of a middle run, one import, for the memory curve (default 2048; 0 skips)
#   BENCH_BIG_MB    size of the one large run (default 5120; 0 skips it)
#   BENCH_RUNS      runs per median (default 3)
#   BENCH_INCR      1 (default): also import as many new rows into the small run's store, once
#   BENCH_DIR       scratch folder (default /tmp/tides-bench-import); data is generated there
#                   and deleted at the end, never committed.
# Input: GDELT 1.0 rows generated reproducibly by bench/import-gen.sh from the shared GDELT
# samples (../shared/data/events/gdelt1) when present, else from tests/data/store/good.CSV.
# Prints MB/s and rows/s (wall and per CPU-second) for: parsing alone (--dry-run), a full
# import into an empty store (columnar segments, schema 2), the same with --threads 2,
# and the aggregation the store is for: the monthly Goldstein sum of one directed dyad
# (USA->RUS) through `tides index` (integer column scan) and through tides_store_scan
# (whole events in date order, bench/import-agg.c); an import into a store that already
# holds the small input (the dedup pass against the stored ids); and, when
# node_modules/@duckdb/node-api is installed, DuckDB loading the same file and running the
# same aggregation, with its default threads and with SET threads=1, as ratios.  Peak RSS
# (from /usr/bin/time -v) at each size shows whether memory stays flat.  Never fails on time.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-build-rel}
cd "$ROOT"
if [ ! -x "$B/tides" ]; then make --no-print-directory release >/dev/null; B=build-rel; fi
T=$ROOT/$B/tides
SMALL=${BENCH_SMALL_MB:-512}
BIG=${BENCH_BIG_MB:-5120}
MID=${BENCH_MID_MB:-2048}
RUNS=${BENCH_RUNS:-3}
W=${BENCH_DIR:-/tmp/tides-bench-import}
mkdir -p "$W"
trap 'rm -rf "$W"' EXIT

if ls "$ROOT"/../shared/data/events/gdelt1/*.CSV >/dev/null 2>&1; then
	TPL=$(ls "$ROOT"/../shared/data/events/gdelt1/*.CSV)
else
	TPL=$ROOT/tests/data/store/good.CSV
fi
AGG=$W/import-agg
cc -O2 -std=c11 -Iinclude -Isrc -o "$AGG" bench/import-agg.c "$B/libtides.a" \
	$(pkg-config --libs sqlite3 icu-uc icu-i18n zlib libzip) -lpthread -lm

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

gen() { # MB FILE: generate about MB megabytes
	# one generated row is about as long as an average template row
	avg=$(cat $TPL | awk '{ n += length($0) + 1 } END { print n / NR }')
	rows=$(awk -v mb="$1" -v a="$avg" 'BEGIN { printf "%d", mb * 1048576 / a }')
	sh bench/import-gen.sh "$rows" $TPL > "$2"
	echo "$rows"
}

run_import() { # FILE DB [OPTION] -> "wall_seconds rss_kb cpu_seconds"
	rm -f "$2" "$2-wal" "$2-shm"
	t=$(now)
	TIDES_THREAD_STATS=1 /usr/bin/time -v -o "$W/time.txt" "$T" import --quiet $3 --db "$2" "$1" 2>"$W/err"
	grep 'thread cpu' "$W/err" >> "$W/tstats" || true
	s=$(since "$t")
	awk -F': ' -v s="$s" '/Maximum resident set size/ { r = $2 } /User time/ { u = $2 } /System time/ { y = $2 }
		END { printf "%s %s %.2f\n", s, r, u + y }' "$W/time.txt"
}

report() { # label bytes rows wall_seconds cpu_seconds
	awk -v l="$1" -v b="$2" -v r="$3" -v s="$4" -v c="$5" \
		'BEGIN { printf "%-26s %7.1f MB/s %9.0f rows/s (%.2f s wall) | per CPU-second: %7.1f MB/s %9.0f rows/s\n", l, b / s / 1e6, r / s, s, b / c / 1e6, r / c }'
}

# DuckDB (npm @duckdb/node-api, optional): the same input loaded in memory, then the
# same aggregation on the raw CAMEO country columns (Actor1CountryCode, Actor2CountryCode)
HAVE_DUCK=0
if [ -d "$ROOT/node_modules/@duckdb/node-api" ] && command -v node >/dev/null; then
	HAVE_DUCK=1
	cat > "$W/duck.cjs" <<'JS'
const { createRequire } = require('module');
const { DuckDBInstance } = createRequire(process.env.ROOT + '/')('@duckdb/node-api');
(async () => {
	const csv = process.argv[2];
	const db = await DuckDBInstance.create(':memory:');
	const c = await db.connect();
	if (process.env.DUCK_THREADS) await c.run(`SET threads=${process.env.DUCK_THREADS}`);
	const cpu0 = process.cpuUsage();
	let t = process.hrtime.bigint();
	await c.run(`CREATE TABLE e AS SELECT column01 AS d, column07 AS a, column17 AS b, column30 AS g
	             FROM read_csv('${csv}', delim='\t', header=false, all_varchar=true, quote='', escape='')`);
	const load = Number(process.hrtime.bigint() - t) / 1e9;
	const cpu1 = process.cpuUsage(cpu0);
	const times = [];
	let r;
	for (let i = 0; i < 5; i++) {
		t = process.hrtime.bigint();
		r = await c.runAndReadAll(`SELECT substr(d, 1, 6) AS m, count(*) AS n, sum(CAST(g AS DOUBLE)) AS s
		                           FROM e WHERE a = 'USA' AND b = 'RUS' GROUP BY m`);
		times.push(Number(process.hrtime.bigint() - t) / 1e9);
	}
	times.sort((x, y) => x - y);
	const rows = r.getRows();
	const n = rows.reduce((acc, row) => acc + Number(row[1]), 0);
	console.log(`${load.toFixed(3)} ${times[2].toFixed(4)} ${rows.length} ${n} ${((cpu1.user + cpu1.system) / 1e6).toFixed(2)}`);
})();
JS
fi
# duck_compare FILE BYTES tides_wall tides_cpu tides_aggregation tides_threads2_wall
duck_compare() {
	if [ "$HAVE_DUCK" = 0 ]; then
		echo "duckdb: skipped (node_modules/@duckdb/node-api not installed; npm install --no-save @duckdb/node-api)"
		return
	fi
	df=$1; db=$2; ti=$3; tc=$4; tq=$5; t2=$6
	for dt in default 1; do
		if [ $dt = default ]; then set -- $(ROOT="$ROOT" node "$W/duck.cjs" "$df")
		else set -- $(DUCK_THREADS=1 ROOT="$ROOT" node "$W/duck.cjs" "$df"); fi
		echo "duckdb (in memory, threads=$dt): load $1 s wall ($5 s CPU), aggregation $2 s median of 5 ($3 months, $4 events)"
		awk -v ti="$ti" -v tc="$tc" -v dl="$1" -v dc="$5" -v tq="$tq" -v dq="$2" -v dt="$dt" -v b="$db" 'BEGIN {
			printf "  duckdb threads=%s against tides (1 thread): load duckdb %.1f, tides %.1f MB/s wall (time tides/duckdb %.2f); per CPU-s duckdb %.1f, tides %.1f MB/s; aggregation time tides/duckdb %.2f; load+aggregate tides/duckdb %.2f\n",
				dt, b / dl / 1e6, b / ti / 1e6, ti / dl, b / dc / 1e6, b / tc / 1e6, tq / dq, (ti + tq) / (dl + dq) }'
		[ $dt = default ] || continue
		awk -v t2="$t2" -v dl="$1" -v tq="$tq" -v dq="$2" -v b="$db" 'BEGIN {
			printf "  duckdb threads=default against tides --threads 2: load duckdb %.1f, tides %.1f MB/s wall (time tides/duckdb %.2f); load+aggregate tides/duckdb %.2f\n",
				b / dl / 1e6, b / t2 / 1e6, t2 / dl, (t2 + tq) / (dl + dq) }'
	done
}

echo "tides import benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, binary $B/tides, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(wall-clock figures depend on what else runs; the per-CPU-second figures less so)"
echo "template: $(echo $TPL | wc -w) file(s); scratch $W"

f=$W/small.CSV
rows=$(gen "$SMALL" "$f")
bytes=$(wc -c < "$f")
echo "small input: $rows rows, $bytes bytes; medians of $RUNS runs"

i=0; : > "$W/tstats"; : > "$W/parse"; : > "$W/parsec"; : > "$W/imp"; : > "$W/impc"; : > "$W/rss"; : > "$W/thr"; : > "$W/thrc"
while [ $i -lt "$RUNS" ]; do
	set -- $(run_import "$f" "$W/d.db" --dry-run)
	echo "$1" >> "$W/parse"; echo "$3" >> "$W/parsec"
	set -- $(run_import "$f" "$W/t.db" "--threads=2")
	echo "$1" >> "$W/thr"; echo "$3" >> "$W/thrc"
	set -- $(run_import "$f" "$W/s.db")
	echo "$1" >> "$W/imp"; echo "$2" >> "$W/rss"; echo "$3" >> "$W/impc"
	i=$((i + 1))
done
rm -f "$W/t.db" "$W/t.db-wal" "$W/t.db-shm" "$W/d.db"
report "parse only (--dry-run)" "$bytes" "$rows" "$(median < "$W/parse")" "$(median < "$W/parsec")"
report "import into empty store" "$bytes" "$rows" "$(median < "$W/imp")" "$(median < "$W/impc")"
report "import --threads 2" "$bytes" "$rows" "$(median < "$W/thr")" "$(median < "$W/thrc")"
awk -v a="$(median < "$W/imp")" -v b="$(median < "$W/thr")" 'BEGIN { printf "threads 2 / 1: %.2fx (wall, medians)\n", a / b }'
# CPU seconds of each thread of the --threads 2 runs (TIDES_THREAD_STATS; medians): the
# caller cuts lines, the workers parse and build columns, the writer appends the parts,
# encodes and commits.  On an idle 2-core machine the wall time is bounded below by
# max(all / 2, the busiest thread), whatever the load on a shared one.
# The rest of the process CPU (c2 - the threads) is serial: start-up, the dedup pass and the
# checkpoint at close, after the last batch.
awk -v c1="$(median < "$W/impc")" -v c2="$(median < "$W/thrc")" '{ s[NR] = $5; m[NR] = $7; wr[NR] = $9; w = 0; for (i = 11; i <= NF; i += 2) w += $i; wk[NR] = w }
	function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
	END { if (NR == 0) exit; S = med(s, NR); M = med(m, NR); R = med(wr, NR); K = med(wk, NR); a = M + R + K; tail = c2 - a; if (tail < 0) tail = 0
		b = a / 2; if (M > b) b = M; if (R > b) b = R
		printf "threads 2 cpu: caller %.2fs, writer %.2fs, workers %.2fs, serial rest (start, dedup pass, close) %.2fs: %.2fs in all vs %.2fs with one thread; 2-core bound %.2fx\n", M, R, K, tail, c2, c1, c1 / (tail + b) }' "$W/tstats"
small_rss=$(median < "$W/rss")
echo "db size: $(wc -c < "$W/s.db") bytes, $(awk -v b="$(wc -c < "$W/s.db")" -v r="$rows" 'BEGIN { printf "%.1f", b / r }') per row ($(sqlite3 "$W/s.db" 'SELECT count(*) FROM segments' 2>/dev/null || echo '?') segments)"

# the aggregation: monthly Goldstein sum of USA->RUS, timed inside the process (import-agg)
# and as a whole `tides index` command (process start and store open included)
set -- $("$AGG" "$W/s.db" USA RUS)
tq=$4
echo "aggregation (tides_index_scan, column scan): $4 s median of 5 in-process -> $1 months, $2 events, sum $3"
echo "aggregation (tides_store_scan, events):      $5 s median of 5 in-process"
: > "$W/q"
i=0
while [ $i -lt 5 ]; do
	t=$(now); $T index --db "$W/s.db" --dyad USA,RUS --directed --by month > /dev/null; since "$t" >> "$W/q"; echo >> "$W/q"
	i=$((i + 1))
done
echo "aggregation (tides index command):            $(grep . "$W/q" | median) s median of 5, whole process"
duck_compare "$f" "$bytes" "$(median < "$W/imp")" "$(median < "$W/impc")" "$tq" "$(median < "$W/thr")"
rm -f "$W/s.db" "$W/s.db-wal" "$W/s.db-shm"

if [ "${BENCH_INCR:-1}" -gt 0 ]; then
	# the same rows under other ids, into the store the small input made (as many rows
	# again: the dedup pass merges the new ids with every stored one)
	awk -F'\t' 'BEGIN { OFS = "\t" } { $1 = $1 + 1000000000; print }' "$f" > "$W/other.CSV"
	rm -f "$W/i.db" "$W/i.db-wal" "$W/i.db-shm"
	"$T" import --quiet --db "$W/i.db" "$f" 2>/dev/null
	t=$(now)
	/usr/bin/time -v -o "$W/time.txt" "$T" import --quiet --db "$W/i.db" "$W/other.CSV" 2>/dev/null
	s=$(since "$t")
	c=$(awk -F': ' '/User time/ { u = $2 } /System time/ { y = $2 } END { printf "%.2f", u + y }' "$W/time.txt")
	report "import into that store" "$bytes" "$rows" "$s" "$c"
	rm -f "$W/other.CSV" "$W/i.db" "$W/i.db-wal" "$W/i.db-shm"
fi

mid_rss=""
if [ "$MID" -gt 0 ]; then
	rm -f "$f"
	f=$W/mid.CSV
	rows=$(gen "$MID" "$f")
	bytes=$(wc -c < "$f")
	echo "middle input: $rows rows, $bytes bytes; ONE run"
	set -- $(run_import "$f" "$W/m.db")
	report "import into empty store" "$bytes" "$rows" "$1" "$3"
	mid_rss="$2 KB at ${MID} MB input, "
	rm -f "$W/m.db" "$W/m.db-wal" "$W/m.db-shm"
fi

if [ "$BIG" -gt 0 ]; then
	rm -f "$f"
	f=$W/big.CSV
	t=$(now)
	rows=$(gen "$BIG" "$f")
	bytes=$(wc -c < "$f")
	echo "big input: $rows rows, $bytes bytes (generated in $(since "$t") s); ONE run"
	set -- $(run_import "$f" "$W/d.db" --dry-run)
	report "parse only (--dry-run)" "$bytes" "$rows" "$1" "$3"
	set -- $(run_import "$f" "$W/b.db")
	report "import into empty store" "$bytes" "$rows" "$1" "$3"
	big_rss=$2; big_wall=$1; big_cpu=$3
	echo "db size: $(wc -c < "$W/b.db") bytes, $(awk -v b="$(wc -c < "$W/b.db")" -v r="$rows" 'BEGIN { printf "%.1f", b / r }') per row"
	set -- $("$AGG" "$W/b.db" USA RUS)
	echo "aggregation: tides_index_scan $4 s, tides_store_scan $5 s (medians of 5 in-process) -> $1 months, $2 events, sum $3"
	btq=$4
	rm -f "$W/b.db" "$W/b.db-wal" "$W/b.db-shm"
	set -- $(run_import "$f" "$W/t.db" "--threads=2")
	report "import --threads 2" "$bytes" "$rows" "$1" "$3"
	rm -f "$W/t.db" "$W/t.db-wal" "$W/t.db-shm"
	duck_compare "$f" "$bytes" "$big_wall" "$big_cpu" "$btq" "$1"
	echo "peak RSS: $small_rss KB at ${SMALL} MB input, $mid_rss$big_rss KB at ${BIG} MB input"
else
	echo "peak RSS: $small_rss KB at ${SMALL} MB input (big run skipped)"
fi
