#!/usr/bin/env bash
# Install coopmap with its test tools, Debian's Chromium for the browser tests, and run the
# whole test suite. Extra arguments go to pytest.
set -euo pipefail
# Debian packages the tests drive: Chromium (browser tests), PostgreSQL with PostGIS (the
# server store's tests start their own cluster on a loopback port).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || missing+=(postgresql-15-postgis-3)
if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
EXTRAS="[test]"
. "$(dirname "$0")/_env.sh"
# IATI's own 2.03 test files (tests/test_iati.py reads them from the tarball), fetched once.
IATI_TESTS=.cache/pyIATI-0.4.1.tar.gz
if [ ! -f "$IATI_TESTS" ]; then
    echo "==> fetching IATI's 2.03 test files (the pyIATI 0.4.1 sdist)"
    python -m pip download --quiet --no-deps --no-binary :all: pyIATI==0.4.1 -d .cache/
    echo "b6f8f0d596746bd774ed3e84cdad50dfa7dd501ac70e6399f2bb0244bfd5b0ef  $IATI_TESTS" \
        | sha256sum --check --quiet || { rm -f "$IATI_TESTS"; exit 1; }
fi
export COOPMAP_IATI_TESTS="$ROOT/$IATI_TESTS"
echo "==> running the test suite"
# pytest exits 5 when it collected no tests: that is a failure too.
exec python -m pytest "$@"
