# src/store/countries-table.c is generated from data/countries.tsv and committed; this
# fails when they disagree (edit the TSV, then regenerate as the file's header says).
set -e
LC_ALL=C awk -f "$ROOT/src/store/gen-countries.awk" "$ROOT/data/countries.tsv" > "$TMP/t.c"
diff "$ROOT/src/store/countries-table.c" "$TMP/t.c" >/dev/null || {
	echo "src/store/countries-table.c is out of date with data/countries.tsv"; exit 1; }
# every data row has 4 columns and a 3-letter upper-case code
awk -F'\t' '!/^#/ && $1 != "iso3" && (NF != 4 || $1 !~ /^[A-Z][A-Z][A-Z]$/) { print "countries.tsv:" NR ": bad row"; bad = 1 }
	END { exit bad }' "$ROOT/data/countries.tsv"
