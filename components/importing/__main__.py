"""`python -m components.importing FILE`: the command-line interface (see datasets/IMPORT.md)."""

import sys

from components.importing.importers import main

sys.exit(main())
