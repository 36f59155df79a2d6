#!/bin/sh
# `make bench`: every benchmark in the repository, one table (scripts/bench/run.py says how).
# Usage: scripts/bench/run.sh [--only NAME,TAG…] [--list]
exec python3 "$(dirname "$0")/run.py" "$@"
