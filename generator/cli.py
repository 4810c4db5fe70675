"""Command line: parse arguments, call the pipeline, print, return an exit code.

Exit codes: 0 success; 1 the catalog has errors (or --strict warnings);
2 usage or I/O error; 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import time
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from generator.build import freshness
from generator.build.config import Config, build_date_from_env
from generator.build.lock import output_lock
from generator.build.progress import ProgressReporter
from generator.build.write import WriteError
from generator.catalog.problems import FORMATS, ProblemsFound, format_text
from generator.catalog.registry import CACHE_TTLS, DEFAULT_KIND, KINDS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_PIPE = 128 + 13  # what a shell reports for a program SIGPIPE stopped: `validate | head` closed our output


def _program() -> str:
    """How the user called us, for usage lines: 'build.py', 'aigateway-catalog' or 'python -m generator'."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    if script.name == "__main__.py" and script.parent.name == "generator":
        return "python -m generator"
    return "aigateway-catalog" if script.name == "aigateway-catalog" else "build.py"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=_program(), description="Validate the model catalog and build the site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="validate, then render the site into --out (the default command)")
    _add_catalog(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="output directory (default: site)")
    build.add_argument("--base-url", help="absolute URL the site is served from (default: url in site.yaml)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--clean", action="store_true", help="ignore the cache and rebuild every file")
    build.add_argument(
        "--jobs",
        type=_positive_int,
        default=0,
        metavar="N",
        help="worker processes for rendering (default: the number of CPUs)",
    )
    build.add_argument("--quiet", action="store_true", help="print only problems and the final summary")
    _add_cache(build)
    _add_no_wait(build)

    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1, rebuild and reload pages on change")
    _add_catalog(serve)
    serve.add_argument("--out", type=Path, default=Path("site"), help="output directory (default: site)")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    _add_cache(serve)
    _add_no_wait(serve)

    validate = commands.add_parser("validate", help="check the catalog and report every problem; writes nothing")
    _add_catalog(validate)
    validate.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_cache(validate)

    diff = commands.add_parser(
        "diff",
        help="report model, price (per offer) and status changes against BASE (a git ref or a directory)",
    )
    diff.add_argument("base", metavar="BASE", help="git ref (branch, tag, commit) or catalog directory to compare with")
    _add_catalog(diff)
    diff.add_argument(
        "--format", choices=["text", "markdown", "json"], default="text", help="output format (default: text)"
    )
    diff.add_argument("--strict", action="store_true", help="exit 1 when there are warnings (suspicious changes)")

    imp = commands.add_parser(
        "import", help="turn a LiteLLM, OpenRouter, models.dev or genai-prices price list into catalog records"
    )
    imp.add_argument(
        "source", choices=["litellm", "openrouter", "modelsdev", "genai-prices"], help="the format of FILE"
    )
    imp.add_argument("file", metavar="FILE", type=Path, help="the JSON file to import")
    imp.add_argument(
        "--into", type=Path, default=Path("catalog"), help="catalog directory to write into (default: catalog)"
    )

    history = commands.add_parser("history", help="fill price history: `history backfill` reads it from git log")
    history_commands = history.add_subparsers(dest="history_command", required=True)
    backfill = history_commands.add_parser(
        "backfill", help="add each record's past prices from its git log to price_history (a dry run unless --write)"
    )
    _add_catalog(backfill)
    backfill.add_argument(
        "--write", action="store_true", help="write the entries (after validating the catalog with them)"
    )

    new = commands.add_parser("new", help="write a commented skeleton record for PROVIDER/MODEL")
    new.add_argument("slug", metavar="PROVIDER/MODEL", help="the new model's slug, e.g. acme/acme-chat-1")
    new.add_argument(
        "--kind", choices=list(KINDS), default=DEFAULT_KIND, help=f"kind of model (default: {DEFAULT_KIND})"
    )
    _add_catalog(new)
    init = commands.add_parser(
        "init", help="write a starter catalog for a new gateway into DIR (new or empty): it validates and builds"
    )
    init.add_argument("dir", metavar="DIR", type=Path, help="the new project folder; the catalog goes in DIR/catalog")
    _add_cost(commands)
    return parser


def _add_cost(commands: argparse._SubParsersAction) -> None:
    cost = commands.add_parser("cost", help="price one usage of MODEL exactly, itemized, with the platform fee")
    cost.add_argument("model", metavar="MODEL", help="the model's slug (or an alias), e.g. openai/gpt-4o")
    for flag, what in (
        ("--input-tokens", "prompt text tokens not read from or written to the cache"),
        ("--output-tokens", "output text tokens, without reasoning or audio tokens"),
        ("--cached-tokens", "prompt tokens read from the cache"),
        ("--cache-write-tokens", "prompt tokens written to the cache"),
        ("--reasoning-tokens", "reasoning tokens (billed as output where the model has no price of their own)"),
        ("--audio-input-tokens", "audio prompt tokens"),
        ("--audio-output-tokens", "audio output tokens"),
        ("--image-input-tokens", "image prompt tokens"),
        ("--image-output-tokens", "image output tokens"),
        ("--images", "images generated"),
        ("--characters", "characters of text to speech"),
        ("--requests", "requests (per-request fees)"),
        ("--searches", "web searches or grounding queries"),
        ("--tool-calls", "tool calls"),
        ("--rerank-searches", "rerank searches (calls to /rerank)"),
    ):
        cost.add_argument(flag, type=_count, default=0, metavar="N", help=what)
    cost.add_argument("--seconds", type=_amount, default=Decimal(0), metavar="N", help="seconds of audio or video")
    cost.add_argument(
        "--cache-storage-token-hours",
        type=_amount,
        default=Decimal(0),
        metavar="N",
        help="tokens kept in the cache times hours kept",
    )
    cost.add_argument("--cache-ttl", choices=list(CACHE_TTLS), help="lifetime of the cache writes (default: 5m)")
    cost.add_argument("--size", help="image size, e.g. 1024x1024")
    cost.add_argument("--quality", help="image quality, e.g. hd")
    cost.add_argument("--resolution", help="video resolution, e.g. 1080p")
    cost.add_argument("--tier", help="service tier: standard (the default), batch, flex, priority or a named mode")
    cost.add_argument(
        "--offer",
        metavar="ID",
        help="price it as this offer sells it: an offer id (e.g. hostco@us), a provider with one offer, or "
        "'cheapest' (the lowest total for this usage); default: the record's own pricing",
    )
    cost.add_argument(
        "--at",
        type=_moment,
        metavar="WHEN",
        help="when the call was (or will be) made, in UTC: HH:MM for time-of-day prices, YYYY-MM-DD to price it "
        "as billed on that day (past or scheduled), or both as YYYY-MM-DDTHH:MM",
    )
    cost.add_argument("--usage", type=Path, metavar="FILE", help="a JSON file holding an OpenAI API `usage` object")
    cost.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    _add_catalog(cost)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}")
    return int(text)


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of at least 0, not {text!r}")
    return value


def _moment(text: str) -> tuple[date | None, str | None]:
    """`cost --at`: (day, 'HH:MM') from 'HH:MM', 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM' or 'YYYY-MM-DD HH:MM'."""
    clock = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
    found = re.fullmatch(
        rf"(?P<day>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?:[T ](?P<time>{clock}))?|(?P<clock>{clock})", text
    )
    try:
        day = date.fromisoformat(found["day"]) if found and found["day"] else None
    except ValueError:
        found = None
    if not found:
        raise argparse.ArgumentTypeError(
            "expected a time as HH:MM in UTC (17:30), a day as YYYY-MM-DD (2025-06-01) or both "
            f"as YYYY-MM-DDTHH:MM (2025-06-01T17:30), not {text!r}"
        )
    return day, found["time"] or found["clock"]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def _add_catalog(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=Path, default=Path("catalog"), help="catalog directory (default: catalog)")


def _add_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="where builds remember parsed files and rendered outputs (default: .cache beside the "
        "output folder); validate reads it to skip unchanged files",
    )


def _add_no_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-wait",
        dest="wait",
        action="store_false",
        help="when another build of the same --out is running, fail at once (exit 2) instead of waiting for it",
    )


def entry() -> None:
    """The command line's entry point (build.py, `python -m generator`, the installed
    script): main(), then the exit without tearing the heap down. A build of 10,000 models
    holds millions of objects, and freeing them one by one took about 0.45 s after the work
    was done; every file is closed by then and the lock released, so only the output
    streams are flushed."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left before the last bytes (`| head`)
            code = code or EXIT_PIPE
        except (OSError, ValueError):  # a stream already closed
            pass
    os._exit(code)


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
    except BrokenPipeError:  # the reader of our output left (`| head`): not a bug, and nothing more to say
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the last flush cannot fail
        return EXIT_PIPE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if isinstance(exc, ModuleNotFoundError) and is_missing_dependency(exc):
            print(missing_dependency_message(exc), file=sys.stderr)  # the environment's, not a bug
            return EXIT_USAGE
        print(
            f"internal error: {exc.__class__.__name__}: {exc}\nThis is a bug in the generator, not in your "
            "catalog; please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


# Import name -> the distribution to install, where they differ (pyproject.toml names the rest as imported).
DISTRIBUTIONS = {"yaml": "pyyaml"}


def is_missing_dependency(exc: ModuleNotFoundError) -> bool:
    """A third-party package the generator needs is not installed (not one of its own modules)."""
    top = (exc.name or "").partition(".")[0]
    return bool(top) and top != "generator"


def missing_dependency_message(exc: ModuleNotFoundError) -> str:
    """What to say when the environment lacks a dependency: which one, and the one command to run."""
    top = (exc.name or "").partition(".")[0]
    return (
        f"error: missing Python package '{DISTRIBUTIONS.get(top, top)}' (needed by the generator): run `make site` "
        f"once (it installs everything into .venv; then run .venv/bin/python build.py ...), or `pip install .`\n"
        f"(this Python is {sys.executable})"
    )


def _config(args: argparse.Namespace, **extra) -> Config:
    return Config(catalog=args.catalog, strict=args.strict, build_date=build_date_from_env(), cache=args.cache, **extra)


def run_validate(args: argparse.Namespace) -> int:
    from generator.build import pipeline

    config = _config(args)
    result = pipeline.check(config, pipeline.Session.from_cache(config), records=False)  # reads the cache, never writes
    sys.stdout.write(FORMATS[args.format](result.problems, result.files))
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def run_build(args: argparse.Namespace) -> int:
    config = _config(args, out=args.out, base_url=args.base_url, clean=args.clean, jobs=args.jobs, wait=args.wait)
    try:
        with output_lock(config.out, config.cache_dir, wait=config.wait, say=_tell):  # pipeline.build re-enters it
            return _build_locked(args, config)
    except WriteError as exc:  # the lock is busy (--no-wait) or cannot be made
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _build_locked(args: argparse.Namespace, config: Config) -> int:
    started = time.perf_counter()
    fresh = freshness.up_to_date(config)  # asked once, before loading the heavy stages
    if fresh.models is not None:
        print(freshness.describe_unchanged(config.out, time.perf_counter() - started))
        return EXIT_OK
    from generator.build import pipeline

    progress = None if args.quiet else ProgressReporter()
    try:
        report = pipeline.build(config, progress=progress, fresh=fresh)
    except ProblemsFound as found:
        sys.stderr.write(format_text(found.problems, 0).rsplit("\n", 2)[0] + "\n")
        errors = sum(1 for p in found.problems if p.is_error)
        print(f"build stopped: {errors} error(s) in the catalog; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except WriteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if progress:
            progress.finish()
    print(report.describe(config.out))
    for warning in report.warnings:
        print(f"{warning.location()}: warning: {warning.message}", file=sys.stderr)
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from generator.build.serve import serve

    config = Config(
        catalog=args.catalog, out=args.out, cache=args.cache, build_date=build_date_from_env(), wait=args.wait
    )
    try:
        with output_lock(config.out, config.cache_dir, wait=config.wait, say=_tell):
            pass  # another build running: say so and wait for it, or (--no-wait) stop before serving
    except WriteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return serve(config, args.port)
    except OSError as exc:
        print(f"error: cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE


def run_diff(args: argparse.Namespace) -> int:
    from generator.authoring.diff import DiffUsageError, diff_catalogs
    from generator.authoring.diff_format import FORMATS as DIFF_FORMATS

    try:
        report = diff_catalogs(args.base, args.catalog)
    except DiffUsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(DIFF_FORMATS[args.format](report))
    return EXIT_PROBLEMS if args.strict and report.warnings else EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from generator.authoring.importers import SourceError, format_summary
    from generator.authoring.importers import run_import as import_file

    try:
        report = import_file(args.source, args.file, args.into, build_date_from_env() or date.today())
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if report.created_site:
        print(f"created {report.created_site}: a starter site.yaml (fill in its TODOs)")
    sys.stdout.write(format_summary(report, args.file, args.into))
    return EXIT_PROBLEMS if any(p.is_error for p in report.problems) else EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    from generator.authoring.backfill import BackfillError, format_backfill, plan_backfill, write_backfill

    try:
        plan = plan_backfill(args.catalog)
    except BackfillError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if plan.problems:
        sys.stdout.write(format_backfill(plan, written=False))
        print("backfill stopped: the catalog would not validate with these entries", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.write:
        write_backfill(plan)
    sys.stdout.write(format_backfill(plan, written=args.write))
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from generator.authoring.scaffold import ScaffoldError, scaffold

    try:
        made = scaffold(args.catalog, args.slug, args.kind, build_date_from_env() or date.today())
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in filter(None, (made.provider, made.model)):
        print(f"wrote {path}")
    print("next: fill in every TODO, then run `python build.py validate`")
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from generator.authoring.starter import StarterError, init

    try:
        started = init(args.dir, build_date_from_env() or date.today())
    except StarterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    models = sum(1 for path in started.files if path.parent.parent.name == "models")
    print(f"wrote {started.catalog}: site.yaml, 1 provider and {models} example models (one of each kind)")
    print(
        f'next: replace the example values (each line ending in "# edit"), then from {started.root} run '
        "`aigateway-catalog serve` (or `python build.py serve --catalog ...` from a checkout)"
    )
    return EXIT_OK


def run_cost(args: argparse.Namespace) -> int:
    from generator.authoring.quote import FORMATS as COST_FORMATS
    from generator.authoring.quote import QuoteError, quote
    from generator.catalog.cost import Usage

    options = {name: getattr(args, name) for name in ("cache_ttl", "size", "quality", "resolution")}
    quantities = {name: getattr(args, name) for name in Usage.quantity_names()}
    try:
        usage = Usage(**quantities, **options)
        day, time_of_day = args.at or (None, None)
        answer = quote(args.catalog, args.model, usage, args.tier, time_of_day, args.usage, args.offer, day)
    except QuoteError as exc:
        if exc.problems:
            sys.stderr.write(format_text(exc.problems, 0).rsplit("\n", 2)[0] + "\n")
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(COST_FORMATS[args.format](answer))
    return EXIT_OK


COMMANDS = {
    "build": run_build,
    "serve": run_serve,
    "validate": run_validate,
    "diff": run_diff,
    "import": run_import,
    "history": run_history,
    "new": run_new,
    "init": run_init,
    "cost": run_cost,
}
