"""Run the stages in order: load -> validate -> records -> derive -> render -> write.

`check()` stops after validation; `build()` goes on only when there is no error,
so an invalid catalog never writes a byte.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .config import Config
from .derive import SiteIndex, derive_index
from .load import load_catalog
from .problems import Problem, ProblemsFound, promote_warnings, sort_problems
from .records import Catalog, build_catalog
from .render import Output, plan
from .validate import validate_catalog
from .write import WriteError, WriteReport, check_outputs, write_site


@dataclass(frozen=True)
class CheckResult:
    problems: list[Problem]  # sorted; warnings included
    files: int
    catalog: Catalog | None  # None when there is an error

    @property
    def ok(self) -> bool:
        return self.catalog is not None


@dataclass(frozen=True)
class BuildReport:
    models: int
    write: WriteReport
    seconds: float
    warnings: list[Problem]


def check(config: Config) -> CheckResult:
    loaded = load_catalog(config.catalog)
    problems = loaded.problems + validate_catalog(loaded)
    if config.strict:
        problems = promote_warnings(problems)
    problems = sort_problems(problems)
    if any(p.is_error for p in problems):
        return CheckResult(problems, loaded.files, None)
    return CheckResult(problems, loaded.files, build_catalog(loaded.records, loaded.assets, config.base_url))


def index_of(config: Config) -> tuple[SiteIndex, list[Problem]]:
    """Validated catalog -> SiteIndex, or ProblemsFound with every problem."""
    result = check(config)
    if result.catalog is None:
        raise ProblemsFound(result.problems)
    return derive_index(result.catalog, config.build_date), result.problems


def build(config: Config) -> BuildReport:
    started = time.perf_counter()
    index, warnings = index_of(config)
    jobs = plan(index)
    reasons = check_outputs(job.path for job in jobs)
    if reasons:
        raise WriteError("; ".join(reasons))
    outputs = (Output(job.path, job.run()) for job in jobs)
    report = write_site(outputs, config.out)
    return BuildReport(len(index.models), report, time.perf_counter() - started, warnings)
