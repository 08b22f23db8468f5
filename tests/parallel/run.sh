#!/bin/sh
# tests/parallel/run.sh TIDES EN_DICTS ZH_DICTS [FILE] — codes the same sentences in
# English and in Chinese and reports how often the two codings agree.
#
# FILE (default tests/parallel/en-zh.tsv) has columns id, en, zh, expected (events as
# SRC|TGT|CODE;... or "none"), all stories dated 2023-06-15.  Each language is run as a
# suite with its bundled dictionaries; the produced event sets are then compared:
#   agree       both languages produced the same set of events
#   en ok/zh ok the language produced exactly the expected set
# Prints one line per disagreement and a summary; exits 0 when both runs worked.
T=${1:?usage: run.sh TIDES EN_DICTS ZH_DICTS [FILE]}
EN=${2:?}; ZH=${3:?}
F=${4:-$(dirname "$0")/en-zh.tsv}
W=$(mktemp -d "${TMPDIR:-/tmp}/tides-par.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT
hdr='suite	id	category	date	evaluate	check	config	expected	n_expected	parse_type	text	dictionaries'
mk() { # $1 = column of the text, $2 = dictionaries, $3 = suite name
	printf '%s\n' "$hdr"
	awk -F'\t' -v OFS='\t' -v col="$1" -v D="$2" -v S="$3" 'NR > 1 {
		print S, $1, "parallel", "20230615", "true", "", "", $4, "", "", $col, D }' "$F"
}
mk 2 "verb=verbs.txt,discards.txt;actor=actors.txt;agent=agents.txt" en > "$W/en.tsv"
mk 3 "verb=verbs.txt,discards.txt;actor=actors.txt;agent=agents.txt" zh > "$W/zh.tsv"
"$T" suite "$W/en.tsv" --dicts "$EN" --verbose > "$W/en.out" 2> "$W/en.err" || { cat "$W/en.err"; exit 1; }
"$T" suite "$W/zh.tsv" --dicts "$ZH" --verbose > "$W/zh.out" 2> "$W/zh.err" || { cat "$W/zh.err"; exit 1; }
# id <TAB> status <TAB> produced (sorted, ';'-joined; "-" for none)
prod() {
	awk '/^(ok  |FAIL) / { id = $2; st = $1 }
	     /^  produced: / { p = $0; sub(/^  produced: /, "", p); sub(/ \(.*$/, "", p)
	                       n = split(p, a, /; ?/); s = ""
	                       for (i = 1; i <= n; i++) if (a[i] != "" && a[i] != "-") s = s (s ? ";" : "") a[i]
	                       print id "\t" st "\t" (s ? s : "-") }' "$1" | sort
}
prod "$W/en.out" > "$W/en.p"
prod "$W/zh.out" > "$W/zh.p"
# normalise the order of events inside a set before comparing
norm() { awk -F'\t' -v OFS='\t' '{ n = split($3, a, ";"); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	s = a[1]; for (i = 2; i <= n; i++) s = s ";" a[i]; print $1, $2, s }' "$1"; }
norm "$W/en.p" > "$W/en.n"; norm "$W/zh.p" > "$W/zh.n"
join -t '	' "$W/en.n" "$W/zh.n" | awk -F'\t' -v F="$F" '
	BEGIN { while ((getline l < F) > 0) { split(l, c, "\t"); zh[c[1]] = c[3] } }
	{ n++; e = ($2 == "ok"); z = ($4 == "ok"); eo += e; zo += z
	  if ($3 == $5) { ag++; if (e) both++ } else printf "  %s  en=%s  zh=%s  %s\n", $1, $3, $5, zh[$1] }
	END { printf "parallel: %d sentences; en and zh agree on %d (%.1f%%); en as expected %d (%.1f%%), zh as expected %d (%.1f%%), both as expected %d\n",
	      n, ag, 100 * ag / n, eo, 100 * eo / n, zo, 100 * zo / n, both }'
