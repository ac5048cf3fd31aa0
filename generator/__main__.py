"""`python -m generator` runs the same command line as `etalase`."""

import sys

from .cli import main

sys.exit(main())
