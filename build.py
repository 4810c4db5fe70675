#!/usr/bin/env python3
"""Entry point: `python build.py [build|validate|...] [options]`. See README.md."""

import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
