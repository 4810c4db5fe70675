"""Edits to a synthetic catalog, as a contributor makes them (the engine's tests replay them
at random), and a clock that gives every edit a distinct, old modification time."""

from __future__ import annotations

import os
import random
import re
from decimal import Decimal
from pathlib import Path


class Clock:
    """Distinct, old modification times, so the no-change check (which trusts
    mtimes older than two seconds) is exercised by every edit."""

    def __init__(self) -> None:
        self.now = 1_600_000_000

    def touch(self, path: Path) -> None:
        self.now += 1
        os.utime(path, (self.now, self.now))

    def age_all(self, folder: Path) -> None:
        for path in folder.rglob("*"):
            self.touch(path)


def models_of(catalog: Path) -> list[Path]:
    return sorted(catalog.glob("models/*/*.yaml"))


def edit_price(catalog: Path, rng: random.Random) -> Path:
    path = rng.choice(models_of(catalog))
    text = path.read_text(encoding="utf-8")
    bump = Decimal(rng.randint(1, 900)) / 1000
    text = re.sub(
        r"(amount: )([0-9.]+)", lambda m: f"{m.group(1)}{format(Decimal(m.group(2)) + bump, 'f')}", text, count=1
    )
    path.write_text(text, encoding="utf-8")
    return path


def edit_name(catalog: Path, rng: random.Random) -> Path:
    path = rng.choice(models_of(catalog))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} x{rng.randint(0, 999)}", text, count=1, flags=re.M),
        encoding="utf-8",
    )
    return path


def add_model(catalog: Path, rng: random.Random) -> Path:
    source = rng.choice(models_of(catalog))
    target = source.with_name(f"added-{rng.randint(0, 10**6)}.yaml")
    text = source.read_text(encoding="utf-8")
    target.write_text(
        re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} added {target.stem}", text, count=1, flags=re.M),
        encoding="utf-8",
    )
    return target


def rename_model(catalog: Path, rng: random.Random) -> Path:
    source = rng.choice(models_of(catalog))
    target = source.with_name(f"renamed-{rng.randint(0, 10**6)}.yaml")
    source.rename(target)
    return target


def delete_model(catalog: Path, rng: random.Random) -> Path | None:
    models = models_of(catalog)
    if len(models) > 20:
        rng.choice(models).unlink()
    return None


def edit_provider(catalog: Path, rng: random.Random) -> Path:
    path = rng.choice(sorted(catalog.glob("providers/*.yaml")))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)}!", text, count=1, flags=re.M), encoding="utf-8"
    )
    return path


def edit_site(catalog: Path, rng: random.Random) -> Path:
    path = catalog / "site.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tagline: ", f"tagline: Edit {rng.randint(0, 99)}. ", 1), encoding="utf-8")
    return path


EDITS = [edit_price, edit_price, edit_name, add_model, rename_model, delete_model, edit_provider, edit_site]
