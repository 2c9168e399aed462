"""``python -m align``: the same as the ``align`` console script."""

import sys

from align.cli import main

sys.exit(main())
