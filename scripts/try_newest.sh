#!/usr/bin/env bash
# Try the newest releases of everything the project needs, in a fresh venv, without constraints.txt:
# install, lint, type-check, check the import rules, run the quick tests, and say which pins would move.
# If it is green, refresh the pins from that venv:  .newest-venv/bin/python scripts/constraints.py
#
#   scripts/try_newest.sh            # the quick tests (not the browser ones)
#   scripts/try_newest.sh --all      # the whole suite, as CI runs it
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1
venv=.newest-venv
rm -rf "$venv"
python3 -m venv "$venv"
# shellcheck disable=SC1091
. "$venv/bin/activate"
python -m pip install -q --upgrade 'pip>=25.1'
python -m pip install -q --upgrade -e . --group dev
# ruff and mypy are pinned exactly in pyproject.toml; try their newest releases too
python -m pip install -q --upgrade ruff mypy

echo "== pins that would move (constraints.txt -> newest)"
python - <<'PY'
import re
from importlib import metadata
from pathlib import Path

pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", Path("constraints.txt").read_text(), re.M))
moved = [(n, v, metadata.version(n)) for n, v in sorted(pins.items()) if metadata.version(n) != v]
print("\n".join(f"  {n}: {old} -> {new}" for n, old, new in moved) or "  none")
PY

status=0
echo "== ruff check"; ruff check . || status=1
echo "== mypy --strict"; mypy --strict matcher ui pages app.py || status=1
echo "== import rules"; lint-imports || status=1
if [ "${1:-}" = "--all" ]; then
  echo "== the whole suite"; python -m pytest -q || status=1
else
  echo "== quick tests"; python -m pytest -m "not browser" -q -x || status=1
fi
[ "$status" = 0 ] && echo "green on the newest releases: refresh the pins with '$venv/bin/python scripts/constraints.py'"
exit "$status"
