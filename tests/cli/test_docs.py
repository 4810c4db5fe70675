"""The docs guard: every schema field and every command-line flag is in the README."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
from support.paths import REAL_CATALOG, ROOT

from generator import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def schema_fields(node: object, prefix: str = "") -> set[str]:
    """Every property name declared anywhere in a schema."""
    found: set[str] = set()
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.add(name)
            found |= schema_fields(sub)
        for key in ("$defs", "items", "allOf", "then"):
            value = node.get(key)
            if isinstance(value, dict):
                for sub in value.values() if key == "$defs" else [value]:
                    found |= schema_fields(sub)
            elif isinstance(value, list):
                for sub in value:
                    found |= schema_fields(sub)
    return found


@pytest.mark.parametrize("schema", sorted((ROOT / "generator" / "schema").glob("*.schema.json")), ids=lambda p: p.stem)
def test_every_schema_field_is_documented_in_the_readme(schema: Path) -> None:
    fields = schema_fields(json.loads(schema.read_text(encoding="utf-8")))
    assert fields, "the schema declares no fields"
    missing = sorted(f for f in fields if f"`{f}`" not in README)
    assert not missing, f"README.md does not document {missing} of {schema.name}"


def test_every_schema_field_has_a_description() -> None:
    def walk(node: object, where: str) -> list[str]:
        bad = []
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if not (isinstance(sub, dict) and sub.get("description")):
                    bad.append(f"{where}/{name}")
            for key, value in node.items():
                if key != "if":  # a condition, not a field
                    bad += walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                bad += walk(value, f"{where}/{i}")
        return bad

    for schema in (ROOT / "generator" / "schema").glob("*.schema.json"):
        assert walk(json.loads(schema.read_text(encoding="utf-8")), schema.name) == []


def cli_flags() -> list[tuple[str, str]]:
    """(command, flag) for every command and its flags; a command group's subcommands are
    commands of their own ('history backfill')."""
    flags = []

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    command = f"{prefix} {name}".strip()
                    if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                        walk(sub, command)
                        continue
                    flags.append((command, command))
                    for option in sub._actions:
                        for string in option.option_strings:
                            if string.startswith("--") and string != "--help":
                                flags.append((command, string))

    walk(cli._parser(), "")
    return flags


def command_section(command: str) -> str:
    """The README section headed '### `command`...' up to the next heading."""
    match = re.search(rf"^### `{re.escape(command)}`.*?(?=^##)", README, flags=re.M | re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize(("command", "flag"), cli_flags())
def test_every_command_and_flag_is_in_the_readme(command: str, flag: str) -> None:
    section = command_section(command)
    assert section, f"README.md has no section '### `{command}`'"
    assert re.search(rf"build\.py {re.escape(command)}\b", section), f"the {command} section shows no usage line"
    assert flag in section, f"{command} {flag} is not documented in its README section"


def test_the_readme_starts_with_the_two_setup_commands() -> None:
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands[:2] == ["make site", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nmake test\n" in ci, ".ci/run must call exactly the README's test command"


def renderer_functions() -> list[tuple[str, str]]:
    """(module, function) of every job the shipped catalog plans."""
    from support.sites import site_index

    from generator.render import plan

    found = {(job.fn.__module__.removeprefix("generator."), job.fn.__name__) for job in plan(site_index(REAL_CATALOG))}
    return sorted(found)


def output_map() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("### Where each output comes from", 1)[1].split("\n### ", 1)[0]


@pytest.mark.parametrize(("module", "function"), renderer_functions())
def test_every_output_is_in_the_readme_map(module: str, function: str) -> None:
    path = f"`{module.replace('.', '/')}.py`"
    row = next((line for line in output_map().splitlines() if path in line and f"`{function}`" in line), None)
    assert row is not None, f"add a row for {module}.{function} to README 'Where each output comes from'"
