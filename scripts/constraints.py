"""Write constraints.txt: the exact version of every package the project needs, as installed in this venv.

    python scripts/constraints.py           # rewrite constraints.txt from the active environment
    python scripts/constraints.py --check   # exit 1 if constraints.txt differs from the active environment

"What the project needs" is pyproject.toml's dependencies and every dependency group, followed through each
installed package's own requirements (with their environment markers and extras), so nothing else that
happens to be in the venv is pinned. CI installs with ``-c constraints.txt``; ``scripts/try_newest.sh`` tries
the newest releases instead and says which pins would move.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "constraints.txt"
HEADER = """\
# Every package the project needs and the version last proven together (ruff, mypy and the tests passed).
# Written by `python scripts/constraints.py` from a working venv; CI installs with `-c constraints.txt`.
# To move forward: scripts/try_newest.sh (a fresh venv with the newest releases), then rewrite this file.
"""


def top_level(pyproject: dict[str, object]) -> list[Requirement]:
    """The project's dependencies and every dependency group's (include-group entries followed)."""
    project = pyproject.get("project")
    groups = pyproject.get("dependency-groups")
    assert isinstance(project, dict) and isinstance(groups, dict)
    out = [Requirement(r) for r in project.get("dependencies", [])]
    for entries in groups.values():
        out += [Requirement(e) for e in entries if isinstance(e, str)]
    return out


def closure(roots: list[Requirement]) -> dict[str, str]:
    """name -> installed version of every root and everything they require here (markers and extras evaluated)."""
    env = {key: str(value) for key, value in default_environment().items()}
    found: dict[str, str] = {}
    done: set[tuple[str, str]] = set()  # (package, extra) whose requirements were followed
    todo = [r for r in roots if r.marker is None or r.marker.evaluate({**env, "extra": ""})]
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            sys.exit(
                f"{req.name} is required but not installed here: install the project first "
                "(pip install -c constraints.txt -e . --group dev)"
            )
        found[name] = dist.version
        for extra in ["", *sorted(req.extras)]:
            if (name, extra) in done:
                continue
            done.add((name, extra))
            for line in dist.requires or []:
                sub = Requirement(line)
                if sub.marker.evaluate({**env, "extra": extra}) if sub.marker else extra == "":
                    todo.append(sub)
    return found


def render() -> str:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = closure(top_level(pyproject))
    own = canonicalize_name(str(pyproject["project"]["name"]))
    lines = [f"{name}=={version}" for name, version in sorted(pins.items()) if name != own]
    return HEADER + "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if constraints.txt differs from this venv")
    args = parser.parse_args()
    text = render()
    if args.check:
        old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        pins = re.compile(r"^[^#\n].*$", re.M)
        same = pins.findall(old) == pins.findall(text)
        print("constraints.txt matches this environment" if same else "constraints.txt differs from this environment")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {text.count(chr(10)) - HEADER.count(chr(10))} pins")
    return 0


if __name__ == "__main__":
    sys.exit(main())
