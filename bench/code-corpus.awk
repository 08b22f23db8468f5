# bench/code-corpus.awk — a reproducible English benchmark corpus for `tides code`.
#
#   awk -v n=1000000 -f bench/code-corpus.awk SUITE.tsv... GIGAWORD.xml > corpus.tsv
#
# Collects template sentences from the suites' text column (the .tsv files)
# and from the <Text> elements of PETRARCH XML files, then writes `n` lines
# DATE<TAB>ID<TAB>TEXT cycling through the templates.  Every pass over the
# templates substitutes the state names in them (the suites' fictional
# states and a set of real ones) with real country names chosen by a fixed
# rule, so each line is distinct and the production (Phoenix) actor
# dictionaries find actors in it.  No randomness: the same inputs give the
# same corpus byte for byte (plain POSIX awk; tested with mawk and gawk).
BEGIN {
	FS = "\t"
	if (n == "") n = 1000000
	nr = split("Russia Georgia France Germany China Japan Iran Iraq Israel Egypt " \
	           "Turkey Syria Pakistan India Afghanistan Ukraine Poland Canada Mexico Brazil " \
	           "Argentina Chile Peru Colombia Venezuela Cuba Nigeria Kenya Ethiopia Sudan " \
	           "Somalia Libya Algeria Morocco Tunisia Jordan Lebanon Yemen Oman Qatar " \
	           "Kuwait Bahrain Greece Italy Spain Portugal Sweden Norway Finland Denmark " \
	           "Estonia Latvia Lithuania Belarus Moldova Armenia Azerbaijan Kazakhstan Uzbekistan Mongolia " \
	           "Indonesia Malaysia Thailand Vietnam Cambodia Laos Burma Bangladesh Nepal Australia", repl, " ")
	ns = split("Arnor Gondor Osgiliath Bree Ithilen Ithilien Eriador Calenardhon Mordor Fornost " \
	           "Dagolath Rohan Lorien Calenardon Gxndor Fxrnost Angmar Harad Umbar Rhun " \
	           "Russia Georgia France Germany China Japan Iran Iraq Israel Egypt " \
	           "Turkey Syria Pakistan India Afghanistan Ukraine Poland Libya Estonia Bosnia", src, " ")
	for (i = 1; i <= ns; i++) subst[src[i]] = 1
	nt = 0
	intext = 0
}

# suite TSV: text is column 11; skip the header and comment records
FILENAME ~ /\.tsv$/ {
	if (FNR > 1 && $11 != "" && $11 != "text") add($11)
	next
}

# PETRARCH XML: the text between <Text> and </Text>, possibly many lines
/<Text>/ { intext = 1; buf = ""; sub(/.*<Text>/, "") }
intext {
	line = $0
	done = sub(/<\/Text>.*/, "", line)
	buf = buf " " line
	if (done) { intext = 0; add(buf) }
	next
}

function add(t) {
	gsub(/[\t\r\n]+/, " ", t)
	gsub(/  +/, " ", t)
	sub(/^ /, "", t)
	sub(/ $/, "", t)
	if (length(t) < 20) return
	tmpl[++nt] = t
}

# Replaces substitutable names (whole words, optional possessive or
# punctuation after them) in template t for pass `rep`.
function vary(t, k, rep,    w, nw, i, j, core, rest, out, hits) {
	if (rep == 0) return t
	nw = split(t, w, " ")
	out = ""
	hits = 0
	for (i = 1; i <= nw; i++) {
		core = w[i]
		rest = ""
		j = match(core, /[^A-Za-z]/)
		if (j > 0) { rest = substr(core, j); core = substr(core, 1, j - 1) }
		if (core in subst) {
			core = repl[(k * 7 + rep * 13 + hits * 29) % nr + 1]
			hits++
		}
		out = out (i > 1 ? " " : "") core rest
	}
	return out
}

END {
	if (nt == 0) { print "code-corpus.awk: no template sentences found" > "/dev/stderr"; exit 1 }
	for (i = 0; i < n; i++) {
		k = i % nt + 1
		rep = int(i / nt)
		day = rep % 28 + 1
		printf "2008-08-%02d\tBENCH-%07d\t%s\n", day, i, vary(tmpl[k], k, rep)
	}
}
