# Shared set-up for scripts/app.sh and scripts/test.sh: a virtual environment in .venv with
# coopmap installed in editable mode. Sourced, not run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv"
    "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
echo "==> installing coopmap${EXTRAS:-}"
python -m pip install --quiet -e ".${EXTRAS:-}"
