"""Hugo beside us: the equivalent site built by Hugo from the same synthetic catalog.

The Hugo site (layouts, config and `convert.py`) lives in `../shared/bench/hugo/`
beside the clone, or wherever `--hugo-site` points. `prepare` copies its `site/` to a
scratch folder, lays `benchmarks/hugo/site/` over it (our changes, see the README
there), converts the records with its `convert.py`, then writes the Hugo data that
must follow our code: every kind, price unit, headline rule and feature from the
registry, and each kind's example call from our own build of the same catalog.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench" / "hugo"
OVERLAY = Path(__file__).resolve().parent / "hugo" / "site"
MISSING = "hugo not on PATH: apt-get install hugo to compare"
TWIN_HEADING = b"\n## Use this model\n"  # one per Markdown twin
FENCE = re.compile(r"^### (Request|Response|curl|Python|JavaScript)\n\n(?:```[a-z]*\n(.*?)\n```|(.*?)\n)", re.M | re.S)
FACT = re.compile(r"^- (Content type|Response type): `([^`]+)`", re.M)


def missing(which=shutil.which) -> str | None:
    """Why Hugo cannot run beside us (the message to print), or None when it can."""
    return None if which("hugo") else MISSING


def find_site(option: str | None) -> Path | None:
    """The folder holding the Hugo site's convert.py and site/: --hugo-site, else the
    shared folder beside the clone; None when it is not there."""
    folder = Path(option) if option else SHARED
    return folder if (folder / "convert.py").is_file() and (folder / "site").is_dir() else None


def prepare(source: Path, catalog: Path, ours: Path, target: Path) -> Path:
    """A Hugo site in `target` with the content of `catalog`; `ours` is our build of it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source / "site", target)
    for path in target.rglob("*"):
        path.chmod(path.stat().st_mode | 0o200)  # the shared copy is read-only
    shutil.copytree(OVERLAY, target, dirs_exist_ok=True)
    subprocess.run([sys.executable, str(source / "convert.py"), str(catalog), str(target)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    write_data(target / "data", catalog, ours)
    return target


def write_data(data: Path, catalog: Path, ours: Path) -> None:
    from generator.catalog import registry
    from generator.catalog.records import FEATURES

    site_path = data / "site.yaml"
    site = yaml.safe_load(site_path.read_text(encoding="utf-8"))
    given = site.get("kinds") or {}
    site["kinds"] = {
        k.id: {"label": k.label, "noun": k.noun, "endpoint": k.endpoint, "description": k.description,
               **given.get(k.id, {})}
        for k in registry.KINDS.values()
    }  # fmt: skip
    _dump(site_path, site)
    units = {
        u.id: {"label": u.label, "per": u.per, "short": u.short, "noun": u.quantity_noun,
               "qty": int(u.example_quantity)}
        for u in registry.UNITS.values()
    }  # fmt: skip
    _dump(data / "units.yaml", units)
    _dump(data / "headline.yaml", {k.id: list(k.headline) for k in registry.KINDS.values()})
    _dump(data / "features.yaml", [{"id": i, "label": label} for i, label in FEATURES])
    _dump(data / "examples.yaml", examples(catalog, ours))
    _dump(data / "bench.yaml", {"llms_full_twins": has_every_twin(ours, len(list(catalog.glob("models/*/*.yaml"))))})


def has_every_twin(ours: Path, models: int) -> bool:
    """Whether our llms-full.txt holds every model's full twin (under its size budget it
    may hold only facts and links): Hugo's then does the same."""
    path = ours / "llms-full.txt"
    return path.is_file() and path.read_bytes().count(TWIN_HEADING) >= models


def examples(catalog: Path, ours: Path) -> dict[str, dict[str, str]]:
    """Per kind, the example call of its first model's Markdown twin in our build, with
    the model's slug and timestamp as the placeholders the Hugo templates fill in."""
    from generator.catalog import registry

    found: dict[str, dict[str, str]] = {}
    for path in sorted(catalog.glob("models/*/*.yaml")):
        record = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        kind = record.get("kind", "chat")
        if kind in found:
            continue
        slug = f"{path.parent.name}/{path.stem}"
        twin = ours / "models" / slug / "index.md"
        if twin.is_file():
            found[kind] = example(twin.read_text(encoding="utf-8"), slug, record["release_date"])
        if len(found) == len(registry.KINDS):
            break
    return found


def example(twin: str, slug: str, released) -> dict[str, str]:
    import datetime as dt

    text = twin[twin.index("## Use this model") : twin.index("## Errors")].replace(slug, "{slug}")
    stamp = int(dt.datetime.combine(released, dt.time(), tzinfo=dt.UTC).timestamp())
    text = text.replace(str(stamp), "{created}")
    entry = {k.lower().replace(" ", "_"): v for k, v in FACT.findall(text)}
    for name, code, prose in FENCE.findall(text):
        entry[name.lower()] = code or ""
        if prose:
            entry[name.lower() + "_note"] = prose
    files = re.search(r"^Files: (.*)$", text, re.M)
    if files:
        entry["files"] = files.group(1)
    return entry


def clean(site: Path) -> None:
    """What a clean Hugo build starts from: no public/ and no resources/."""
    for name in ("public", "resources"):
        shutil.rmtree(site / name, ignore_errors=True)


def _dump(path: Path, value: object) -> None:
    path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
