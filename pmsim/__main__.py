"""`python -m pmsim` runs the same command as `pmsim`."""

from pmsim.cli import main

raise SystemExit(main())
