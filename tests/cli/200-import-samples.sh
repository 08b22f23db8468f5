# Imports every shared event sample and checks what the store holds against figures
# computed here independently, with awk over the raw files and over `tides export` of the
# store: rows per file, sum of Goldstein/Intensity, counts per root code, date span.
set -e
[ -n "$SHARED" ] || { echo "skipped: \$SHARED is empty (no ../shared/data)"; exit 77; }
E=$SHARED/events
[ -d "$E" ] || { echo "skipped: $E missing"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }

# a row is valid when it has the right column count, a CAMEO-shaped code (2-4 digits,
# root 01-20) and a real date; awk filters with its own rules, not tides' parser.
awk_valid='
function okdate(y, m, d,   ml) {
	if (m < 1 || m > 12 || d < 1) return 0
	ml = substr("312931303130313130313031", 2 * m - 1, 2) + 0
	if (m == 2 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) ml = 28
	return d <= ml
}
function okcode(c,   r) {
	if (c !~ /^[0-9][0-9][0-9]?[0-9]?$/) return 0
	r = substr(c, 1, 2) + 0
	return r >= 1 && r <= 20
}'

check() { # name expected actual
	if [ "$2" != "$3" ]; then echo "FAIL $1: expected [$2] got [$3]"; exit 1; fi
	echo "ok $1: $3"
}

# the store's events, one TSV row each, no header (columns: see README, tides export)
ex() { $TIDES export --db "$1" | awk 'NR > 1'; }
# rows of an origin: count, Goldstein sum, first and last date
span() { ex "$1" | awk -F'\t' -v o="$2" '$16 == o { n++; g += $8; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 }
	END { printf "%d %.2f %s %s\n", n, g, min, max }'; }
roots() { ex "$1" | awk -F'\t' '{ n[$6]++ } END { for (r in n) print r, n[r] }' | sort; }
# count of rows for which an awk condition holds
count() { ex "$1" | awk -F'\t' "$2"' { n++ } END { print n + 0 }'; }

imp() { # db file...
	db=$1; shift
	$TIDES import --db "$db" "$@" 2>"$TMP/err" || { cat "$TMP/err"; exit 1; }
}

# --- GDELT 1.0: date col 2 (YYYYMMDD), code 27, Goldstein 31
for f in "$E"/gdelt1/*.CSV; do
	db=$TMP/$(basename "$f").db
	imp "$db" "$f"
	exp=$(awk -F'\t' "$awk_valid"'
		(NF == 57 || NF == 58) && okcode($27) && okdate(substr($2,1,4), substr($2,5,2)+0, substr($2,7,2)+0) {
			n++; g += $31; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 }
		END { printf "%d %.2f %s-%s-%s %s-%s-%s\n", n, g, substr(min,1,4), substr(min,5,2), substr(min,7,2),
		      substr(max,1,4), substr(max,5,2), substr(max,7,2) }' "$f")
	got=$(span "$db" gdelt1)
	check "$(basename "$f") rows/goldstein/span" "$exp" "$got"
	exp=$(awk -F'\t' '(NF == 57 || NF == 58) { n[substr($27,1,2)]++ } END { for (r in n) print r, n[r] }' "$f" | sort)
	got=$(roots "$db")
	check "$(basename "$f") rows per root" "$exp" "$got"
	# countries: GDELT's own Actor1CountryCode for two states of the sample
	for c in GEO RUS; do
		exp=$(awk -F'\t' -v c=$c '$8 == c { n++ } END { print n + 0 }' "$f")
		got=$(count "$db" "\$18 == \"$c\"")
		check "$(basename "$f") source_country=$c" "$exp" "$got"
	done
done

# --- ICEWS: header, date col 2 (ISO), code 7, Intensity 8, countries 5 and 11
f=$(ls "$E"/icews/*.tab | head -1)
db=$TMP/icews.db
imp "$db" "$f"
exp=$(awk -F'\t' "$awk_valid"'
	FNR > 1 && NF == 20 && okcode($7) && okdate(substr($2,1,4)+0, substr($2,6,2)+0, substr($2,9,2)+0) {
		n++; g += $8; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 }
	END { printf "%d %.2f %s %s\n", n, g, min, max }' "$f")
got=$(span "$db" icews)
check "icews rows/intensity/span" "$exp" "$got"
exp=$(awk -F'\t' 'FNR > 1 && NF == 20 { n[substr($7,1,2)]++ } END { for (r in n) print r, n[r] }' "$f" | sort)
got=$(roots "$db")
check "icews rows per root" "$exp" "$got"
# every named country resolves to ISO-3 (data/countries.tsv covers the sample)
got=$(count "$db" '$18 == "" || $19 == ""')
exp=$(awk -F'\t' 'FNR > 1 && ($5 == "" || $5 == "NA" || $11 == "" || $11 == "NA") { n++ } END { print n + 0 }' "$f")
check "icews rows without a country" "$exp" "$got"
exp=$(awk -F'\t' 'FNR > 1 && $5 == "Russian Federation" { n++ } END { print n + 0 }' "$f")
got=$(count "$db" '$18 == "RUS"')
check "icews Russian Federation -> RUS" "$exp" "$got"
# ICEWS quads: root 14 (protest) is material conflict (4), 09 verbal conflict (3)
got=$(count "$db" '($6 == "14" && $7 != 4) || ($6 == "09" && $7 != 3)')
check "icews quad convention" "0" "$got"

# --- Phoenix: no header, date col 2, code 14, Goldstein 17 (the sample has 2 rows with no code)
f=$(ls "$E"/phoenix/* | head -1)
db=$TMP/phoenix.db
imp "$db" "$f"
grep -q "phoenix_sample_events_2016.txt:98: bad event code" "$TMP/err" || { echo "no file:line warning"; cat "$TMP/err"; exit 1; }
exp=$(awk -F'\t' "$awk_valid"'
	NF == 26 && okcode($14) && okdate(substr($2,1,4), substr($2,5,2)+0, substr($2,7,2)+0) {
		n++; g += $17; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 }
	END { printf "%d %.2f %s-%s-%s %s-%s-%s\n", n, g, substr(min,1,4), substr(min,5,2), substr(min,7,2),
	      substr(max,1,4), substr(max,5,2), substr(max,7,2) }' "$f")
got=$(span "$db" phoenix)
check "phoenix rows/goldstein/span" "$exp" "$got"
exp=$(awk -F'\t' "$awk_valid"'NF == 26 && okcode($14) { n[substr($14,1,2)]++ } END { for (r in n) print r, n[r] }' "$f" | sort)
got=$(roots "$db")
check "phoenix rows per root" "$exp" "$got"
bad=$(awk -F'\t' "$awk_valid"'!(NF == 26 && okcode($14)) { n++ } END { print n + 0 }' "$f")
grep -q "$bad malformed" "$TMP/err" || { echo "expected $bad malformed"; cat "$TMP/err"; exit 1; }

# --- all together in one store, twice: the second run adds nothing
db=$TMP/all.db
imp "$db" "$E"/gdelt1/*.CSV "$E"/icews/*.tab "$E"/phoenix/*
n1=$(count "$db" 1)
imp "$db" "$E"/gdelt1/*.CSV "$E"/icews/*.tab "$E"/phoenix/*
n2=$(count "$db" 1)
check "re-import adds nothing" "$n1" "$n2"
# tides stats counts what export writes
check "stats events" "$n1" "$($TIDES stats --db "$db" | awk -F'\t' '$1 == "events" { print $2 }')"
grep -q "4 files already imported" "$TMP/err" || { cat "$TMP/err"; exit 1; }
check "integrity" "ok" "$(sqlite3 "$db" 'PRAGMA integrity_check')"
