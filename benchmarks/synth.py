"""Synthetic but realistic catalogs for benchmarks: every record is a real shipped
record (all kinds, tiers, FAQs) copied under new slugs with varied prices and names."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AMOUNT = re.compile(r"^(\s*amount: )([0-9.]+)\s*$", re.M)
NAME = re.compile(r"^name: (.*)$", re.M)
ALIASES = re.compile(r"^aliases: .*$", re.M)
REPLACEMENT = re.compile(r"^replacement: .*$", re.M)
STATUS = re.compile(r"^status: deprecated$", re.M)
SUNSET = re.compile(r"^sunset_date: .*$", re.M)
COLLECTIONS = re.compile(r"^collections: .*$", re.M)
UPSTREAM = re.compile(r"^upstream: .*$", re.M)
OFFER = re.compile(r"^(  - provider: ).*$", re.M)


def make_catalog(target: Path, models: int, source: Path = ROOT / "catalog", providers: int = 0) -> Path:
    """Write a catalog of `models` records into `target` (replaced). Returns target."""
    if target.exists():
        shutil.rmtree(target)
    (target / "providers").mkdir(parents=True)
    (target / "models").mkdir()
    templates = sorted((source / "models").glob("*/*.yaml"))
    provider_files = sorted((source / "providers").glob("*.yaml"))
    providers = providers or max(10, min(200, models // 50))
    site = yaml.safe_load((source / "site.yaml").read_text(encoding="utf-8"))
    for collection in site["collections"]:
        collection.pop("models", None)  # real slugs do not exist in a synthetic catalog
        collection.setdefault("rule", {"statuses": ["preview"]})
    (target / "site.yaml").write_text(yaml.safe_dump(site, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for p in range(providers):
        text = provider_files[p % len(provider_files)].read_text(encoding="utf-8")
        text = re.sub(r"^name: (.*)$", lambda m, p=p: f"name: {m.group(1)} {p}", text, count=1, flags=re.M)
        text = re.sub(r"^logo: .*\n", "", text, flags=re.M)
        (target / "providers" / f"provider-{p:03d}.yaml").write_text(text, encoding="utf-8")
    for i in range(models):
        text = templates[i % len(templates)].read_text(encoding="utf-8")
        factor = Decimal(100 + (i * 37) % 90) / 100  # 1.00 .. 1.89, exact
        text = AMOUNT.sub(lambda m, f=factor: f"{m.group(1)}{_scaled(m.group(2), f)}", text)
        text = NAME.sub(lambda m, i=i: f"name: {m.group(1)} v{i}", text, count=1)
        for pattern in (ALIASES, REPLACEMENT, SUNSET, COLLECTIONS):
            text = pattern.sub("", text)
        text = STATUS.sub("status: active", text)
        text = UPSTREAM.sub("", text)  # served by its own (synthetic) provider; offers by the next ones
        offers = iter(range(1, providers))
        text = OFFER.sub(lambda m, i=i, o=offers: f"{m.group(1)}provider-{(i + next(o)) % providers:03d}", text)
        folder = target / "models" / f"provider-{i % providers:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"model-{i:05d}.yaml").write_text(text, encoding="utf-8")
    return target


def _scaled(amount: str, factor: Decimal) -> str:
    value = Decimal(amount) * factor
    if Decimal(amount) == 0:
        return amount
    text = format(value.normalize(), "f")
    return text


if __name__ == "__main__":
    import sys

    make_catalog(Path(sys.argv[1]), int(sys.argv[2]))
