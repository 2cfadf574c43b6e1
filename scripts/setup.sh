#!/bin/sh
# Install what chancery needs to build, test, fuzz and benchmark on Debian
# bookworm: the Debian packages named in scripts/packages/*.txt (one list
# per part of the project, so that each part says what it needs), and the
# npm packages of package.json when there is one. Idempotent: packages
# already installed are skipped, and apt is not touched when nothing is
# missing.
set -eu
cd "$(dirname "$0")/.."

PACKAGES=$(cat scripts/packages/*.txt | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
# npm from Debian where the machine has none of its own.
if [ -f package.json ] && ! command -v npm >/dev/null 2>&1; then
	PACKAGES="$PACKAGES nodejs npm"
fi

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
fi

if [ -z "$missing" ]; then
	echo "setup: all packages present"
else
	echo "setup: installing$missing"
	if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
		echo "setup: not root and no sudo; install as root:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# npm packages (package.json, exact versions in package-lock.json), into
# node_modules/ beside it; skipped when they are there already.
if [ -f package.json ]; then
	if [ ! -f node_modules/.package-lock.json ] ||
		[ package-lock.json -nt node_modules/.package-lock.json ]; then
		echo "setup: installing npm packages"
		npm ci --no-audit --no-fund --loglevel=error
	fi
fi
