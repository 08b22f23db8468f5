#!/bin/sh
# bench/coder.sh [BUILD_DIR] — dictionary load time and coding speed of the
# English coder with TABARI's production verb dictionary (~15k patterns).
# Needs ../shared/data; prints figures (medians of 5 runs), never fails on time.
B=${1:-build-rel}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
S="$ROOT/../shared/data"
[ -f "$S/tabari/CAMEO.091003.master.verbs" ] || { echo "coder bench: ../shared/data not available; skipped"; exit 0; }
[ -f "$ROOT/$B/libtides.a" ] || { echo "coder bench: build $B first (make release)"; exit 0; }
BIN=$(mktemp "${TMPDIR:-/tmp}/bench-coder.XXXXXX")
# shellcheck disable=SC2046
cc -O2 -I"$ROOT/include" -I"$ROOT/src" -o "$BIN" "$ROOT/bench/bench-coder.c" "$ROOT/$B/libtides.a" \
	$(pkg-config --libs sqlite3 icu-uc icu-i18n zlib libzip) -lpthread -lm || exit 0
echo "== coder: TABARI.Demo dictionaries, tabari_validate texts"
"$BIN" "$S/tabari" TABARI.Demo.verbs TABARI.Demo.actors Validate.agents Validate.options \
	"$S/suites/tabari_validate.tsv" 100
echo "== coder: CAMEO.091003.master.verbs (production), tabari_validate texts"
"$BIN" "$S/tabari" CAMEO.091003.master.verbs TABARI.Demo.actors Validate.agents CAMEO.09b5.options \
	"$S/suites/tabari_validate.tsv" 50
rm -f "$BIN"
