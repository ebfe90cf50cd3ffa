"""``python -m halolink ...``: the same as the ``halolink`` console script (halolink.cli)."""
import sys

from .cli import main

sys.exit(main())
