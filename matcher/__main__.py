"""``python -m matcher``: see ``matcher.cli``."""

import sys

from .cli import main

sys.exit(main())
