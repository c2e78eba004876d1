"""matcher's public API: what __all__ promises exists, and the library never pulls in Streamlit."""

from __future__ import annotations

import subprocess
import sys

import matcher
from tests.conftest import ROOT


def test_every_public_name_exists() -> None:
    """Each name in matcher.__all__ can be imported from the package (pages import only these)."""
    assert [name for name in matcher.__all__ if not hasattr(matcher, name)] == []
    assert len(set(matcher.__all__)) == len(matcher.__all__)


def test_the_library_runs_without_streamlit() -> None:
    """Importing matcher and its importers loads no Streamlit, pages or tests module (it is Streamlit-free)."""
    code = (
        "import sys, matcher, matcher.importers, matcher.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'streamlit', 'pages', 'tests'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
