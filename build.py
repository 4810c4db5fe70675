#!/usr/bin/env python3
"""Entry point: `python build.py [build|validate|...] [options]`. See README.md."""

from generator.cli import entry

if __name__ == "__main__":
    entry()
