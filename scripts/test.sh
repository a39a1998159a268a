#!/usr/bin/env bash
# Install coopmap with its test tools, Debian's Chromium for the browser tests, and run the
# whole test suite. Extra arguments go to pytest.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
    echo "==> installing Debian's chromium (browser tests)"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
EXTRAS="[test]"
. "$(dirname "$0")/_env.sh"
echo "==> running the test suite"
# pytest exits 5 when it collected no tests: that is a failure too.
exec python -m pytest "$@"
