"""`python -m components.compare FILE`: the command-line interface (see datasets/IMPORT.md)."""

import sys

from components.compare.matching import main

sys.exit(main())
