"""`python -m components.compare FILE`: the command-line interface (see datasets/IMPORT.md)."""

import sys

from components.compare.cli import main

sys.exit(main())
