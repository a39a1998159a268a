#!/usr/bin/env bash
# Install coopmap, create the atlas store with the seed data (offline), and start the app.
# Usage: bash scripts/app.sh [coopmap app options, e.g. --port 8502]
. "$(dirname "$0")/_env.sh"
coopmap init
exec coopmap app "$@"
