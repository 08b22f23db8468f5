#!/bin/sh
# Checks that the Debian packages tides builds against are installed.
#   deps.sh          install what is missing when run as root, else print the apt-get line
#   deps.sh --check  only check; fail with the exact apt-get line when something is missing
#   deps.sh --asan   the same for the sanitizer build's compiler (clang and its runtimes)
#   deps.sh --test   packages only some tests use (see below)
# Nothing here is hidden: the package list is the one below.
PKGS="build-essential pkg-config libsqlite3-dev libicu-dev zlib1g-dev libzip-dev"
if [ "$1" = "--asan" ]; then
	PKGS="clang libclang-rt-dev"
	shift
fi

# deps.sh --test: packages only the tests use (chromium renders the HTML
# report).  Installed when run as root; otherwise the tests that need them skip.
if [ "$1" = "--test" ]; then
	TEST_PKGS="chromium"
	tmissing=""
	for p in $TEST_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			tmissing="$tmissing $p"
	done
	[ -z "$tmissing" ] && exit 0
	if [ "$(id -u)" = 0 ]; then
		echo "tides: installing test packages:$tmissing"
		{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $tmissing >/dev/null; } ||
			echo "tides: could not install$tmissing; the tests that need it will skip" >&2
	else
		echo "tides: tests that need$tmissing will skip (install: sudo apt-get install -y$tmissing)" >&2
	fi
	exit 0
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$1" = "--check" ]; then
	echo "tides: missing Debian packages:$missing" >&2
	echo "tides: install them with: sudo apt-get install -y$missing   (or run 'make demo' as root)" >&2
	exit 1
fi

if [ "$(id -u)" = 0 ]; then
	echo "tides: installing:$missing"
	apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
	exit $?
fi
echo "tides: missing Debian packages:$missing" >&2
echo "tides: run: sudo apt-get install -y$missing" >&2
exit 1
