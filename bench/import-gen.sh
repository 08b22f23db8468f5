#!/bin/sh
# bench/import-gen.sh — deterministic GDELT 1.0 rows for benchmarks and the crash test.
#   import-gen.sh ROWS TEMPLATE.CSV... > out.CSV
# Rows are the template rows (58- or 57-column GDELT 1.0) cycled, each copy given a new
# GLOBALEVENTID, a date spread over 1995-2019 (day of month capped at 28, so every date is
# valid) and, where the row names a country, actor countries drawn from 20 states by a fixed
# rule.  The same arguments always give the same bytes.  Nothing here is random.
[ $# -ge 2 ] || { echo "usage: $0 ROWS TEMPLATE.CSV..." >&2; exit 2; }
rows=$1; shift
exec awk -v rows="$rows" '
BEGIN {
	FS = OFS = "\t"
	nc = split("USA RUS CHN GEO UKR FRA DEU GBR IRN ISR PSE TUR SYR IRQ IND PAK JPN KOR PRK BRA", C, " ")
}
NF == 57 || NF == 58 { T[nt++] = $0 }
END {
	if (nt == 0) { print "import-gen: no template rows" > "/dev/stderr"; exit 1 }
	for (k = 0; k < rows; k++) {
		t = k % nt; c = int(k / nt)
		$0 = T[t]
		y = 1995 + (c * 7 + t) % 25
		m = 1 + (c + t) % 12
		d = substr($2, 7, 2) + 0
		if (d > 28) d = 28
		if (d < 1) d = 1
		$1 = 100000000 + k
		$2 = sprintf("%04d%02d%02d", y, m, d)
		$3 = sprintf("%04d%02d", y, m)
		$4 = y
		$5 = sprintf("%.4f", y + (m - 1) / 12)
		if ($8 != "") { a = C[1 + (k * 7 + 3) % nc]; $8 = a; $6 = a substr($6, 4) }
		# the target turns with k / nc too, so every (source, target) pair occurs
		if ($18 != "") { b = C[1 + (k + int(k / nc) * 7 + 5) % nc]; $18 = b; $16 = b substr($16, 4) }
		print
	}
}' "$@"
