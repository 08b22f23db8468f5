# tides' BBQ against the R package BCDating's BBQ() on random series
# (random walks, noisy sines, integer noise with many ties; monthly and
# quarterly), when R and BCDating are installed; skips otherwise.  The
# R side uses the installed package, nothing of it is shipped here.
command -v Rscript >/dev/null 2>&1 || { echo "skip: Rscript not installed"; exit 77; }
Rscript -e 'suppressMessages(library(BCDating))' >/dev/null 2>&1 ||
	{ echo "skip: the R package BCDating is not installed"; exit 77; }
cat > "$TMP/gen.R" <<'REOF'
suppressMessages(library(BCDating))
args <- commandArgs(trailingOnly = TRUE)
set.seed(as.integer(args[1])); f <- as.integer(args[3])
for (s in 1:as.integer(args[2])) {
  n <- sample(30:160, 1)
  x <- switch(s %% 3 + 1, cumsum(rnorm(n)),
              round(5 * sin((1:n) / sample(3:12, 1)) + rnorm(n), 1), round(rnorm(n) * 3))
  r <- tryCatch({ d <- BBQ(ts(x, start = c(1990, 1), frequency = f))
                  paste(c(paste0("P", d@peaks), paste0("T", d@troughs)), collapse = " ") },
                error = function(e) "ERROR")
  cat("SERIES", s, paste(x, collapse = ","), "\n")
  cat("RESULT", s, r, "\n")
}
REOF
fail=0 n=0
for spec in "11 150 12" "12 100 4"; do
	set -- $spec
	Rscript "$TMP/gen.R" "$1" "$2" "$3" > "$TMP/r.txt" || exit 1
	while read -r tag id vals; do
		[ "$tag" = SERIES ] || continue
		read -r tag2 id2 rres
		[ "$rres" = ERROR ] && continue
		echo "$vals" | tr ',' '\n' | awk -v f="$3" '{i=NR-1; y=1990+int(i/f); m=(f==12)?i%12+1:(i%4)*3+1;
			printf "%04d-%02d-01,%s\n", y, m, $0}' > "$TMP/s.csv"
		ours=$($TIDES cycles --series "$TMP/s.csv" --format csv | awk -F, 'NR>1{print ($3=="peak"?"P":"T") $2}' | sort | tr '\n' ' ')
		theirs=$(echo "$rres" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
		n=$((n + 1))
		[ "$ours" = "$theirs" ] || { fail=$((fail + 1)); echo "series $id (freq $3): BCDating [$theirs] tides [$ours]"; }
	done < "$TMP/r.txt"
done
echo "$n series compared, $fail differ"
[ $fail -eq 0 ] && [ $n -gt 0 ]
