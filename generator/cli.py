"""Command line: parse arguments, call the pipeline, print, return an exit code.

Exit codes: 0 success; 1 the catalog has errors (or --strict warnings);
2 usage or I/O error; 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline
from .config import Config, build_date_from_env
from .problems import FORMATS, ProblemsFound, format_text
from .write import WriteError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Validate the model catalog and build the site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="validate, then render the site into --out (the default command)")
    _add_catalog(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="output directory (default: site)")
    build.add_argument("--base-url", help="absolute URL the site is served from (default: url in site.yaml)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")

    validate = commands.add_parser("validate", help="check the catalog and report every problem; writes nothing")
    _add_catalog(validate)
    validate.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser


def _add_catalog(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=Path, default=Path("catalog"), help="catalog directory (default: catalog)")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")  # 'python build.py' and 'python build.py --out x' mean build
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        print(f"internal error: {exc.__class__.__name__}: {exc}\nThis is a bug in the generator, not in your "
              "catalog; please report it with the command you ran.", file=sys.stderr)  # fmt: skip
        return EXIT_INTERNAL


def _config(args: argparse.Namespace, **extra) -> Config:
    return Config(catalog=args.catalog, strict=args.strict, build_date=build_date_from_env(), **extra)


def run_validate(args: argparse.Namespace) -> int:
    result = pipeline.check(_config(args))
    sys.stdout.write(FORMATS[args.format](result.problems, result.files))
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def run_build(args: argparse.Namespace) -> int:
    config = _config(args, out=args.out, base_url=args.base_url)
    try:
        report = pipeline.build(config)
    except ProblemsFound as found:
        sys.stderr.write(format_text(found.problems, 0).rsplit("\n", 2)[0] + "\n")
        errors = sum(1 for p in found.problems if p.is_error)
        print(f"build stopped: {errors} error(s) in the catalog; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except WriteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for warning in report.warnings:
        print(f"{warning.location()}: warning: {warning.message}", file=sys.stderr)
    w = report.write
    print(f"built {report.models} models into {config.out}: {w.written} written, {w.unchanged} unchanged, "
          f"{w.removed} removed, {w.bytes:,} bytes in {report.seconds:.2f}s")  # fmt: skip
    return EXIT_OK


COMMANDS = {"build": run_build, "validate": run_validate}
