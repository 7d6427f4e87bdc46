"""`python -m components.importing FILE`: the command-line interface (see datasets/IMPORT.md)."""

import sys

from components.importing.cli import main

sys.exit(main())
