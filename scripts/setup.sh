#!/bin/sh
# Install what chancery needs to build, test, fuzz and benchmark on Debian
# bookworm, from Debian's own packages. Idempotent: packages already
# installed are skipped, and apt is not touched when nothing is missing.
set -eu

PACKAGES="
build-essential
cmake
ninja-build
pkg-config
libsqlite3-dev
sqlite3
libjansson-dev
libcmocka-dev
clang
libclang-rt-14-dev
tidy
python3
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "setup: all packages present"
	exit 0
fi

echo "setup: installing$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "setup: not root and no sudo; install as root:$missing" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
