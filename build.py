#!/usr/bin/env python3
"""Build dataset/ from sources/ and speakers.yaml: ``python build.py`` is ``claimset build`` run here."""
import sys
from pathlib import Path

from claimset.cli import cli

ROOT = Path(__file__).resolve().parent

if __name__ == "__main__":
    cli(["build", "--root", str(ROOT), *sys.argv[1:]], prog_name="build.py")
