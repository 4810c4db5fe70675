"""Write catalog records as YAML text, and edit existing records in place.

Records are small and their shapes are fixed, so this module writes them by hand
instead of through a general YAML emitter: amounts stay exact decimals (`0.030`
is written `0.030`), keys follow the schema's order, descriptions are folded the
way contributors write them, and every document is read back with the catalog's
own loader to prove it says what was meant.

`update_record_text` edits a record block by block: a top-level field that did
not change keeps its exact text, comments and all; only changed fields are
rewritten, so the modeline, comments and hand-written fields survive an import.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import yaml

from generator.catalog.load import parse_yaml
from generator.catalog.registry import plain_decimal
from generator.catalog.validate import load_schema

MODEL_MODELINE = "# yaml-language-server: $schema=../../../generator/schema/model.schema.json"
PROVIDER_MODELINE = "# yaml-language-server: $schema=../../generator/schema/provider.schema.json"
PRICE_ORDER = ("unit", "amount", "above_tokens", "size", "quality", "resolution", "note", "plausibility_note")
FAQ_ORDER = ("question", "answer")
FLOW_LISTS = {"input", "output", "aliases", "image_sizes", "voices", "video_durations", "collections"}
WIDTH = 80

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN = re.compile(r"""^[A-Za-z0-9$(][A-Za-z0-9 ._/()+'"!?*&=%~@,:#$\[\]-]*$""")
_FLOW_ITEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_RESOLVER = yaml.resolver.Resolver()
_UNSAFE_CHARS = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


class WriteProblem(Exception):
    """The text written would not read back as the intended data (a bug, or an exotic string)."""


def key_order(kind: str) -> list[str]:
    """Top-level fields in the order the schema lists them."""
    return list(load_schema(kind)["properties"])


# ---------------------------------------------------------------- scalars


def _quoted(text: str) -> str:
    escaped = json.dumps(text, ensure_ascii=False)
    return _UNSAFE_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped)


def _is_plain_safe(text: str) -> bool:
    if not _PLAIN.match(text) or text != text.strip() or "  " in text:
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def scalar(value: Any, key: str = "") -> str:
    """One value as YAML text on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if value is None:
        return "null"
    text = str(value)
    if key.endswith("_date") and _DATE.match(text):
        return text
    return text if _is_plain_safe(text) else _quoted(text)


def _block_text(text: str, indent: str, first_width: int) -> list[str] | None:
    """A long single paragraph as a folded '>-' block; multi-line text as a literal '|-'
    block; None when neither reads back exactly (then it is written quoted)."""
    if text != text.strip() or "\t" in text or _UNSAFE_CHARS.search(text) or "\r" in text:
        return None
    if "\n" in text:
        lines = text.split("\n")
        if any(line != line.rstrip() for line in lines) or lines[0].startswith(" "):
            return None
        return ["|-", *[f"{indent}{line}" if line else "" for line in lines]]
    if "  " in text or " " not in text or len(text) + first_width <= WIDTH:
        return None
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(indent) + len(current) + 1 + len(word) > WIDTH:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return [">-", *[indent + line for line in lines]]


# ---------------------------------------------------------------- structures


def _ordered(mapping: dict[str, Any], order: tuple[str, ...] | list[str]) -> list[tuple[str, Any]]:
    known = [(k, mapping[k]) for k in order if k in mapping]
    return known + sorted((k, v) for k, v in mapping.items() if k not in order)


def _child_order(key: str) -> tuple[str, ...]:
    if key == "capabilities":
        return tuple(load_schema("model")["properties"]["capabilities"]["properties"])
    if key in _ENTRY_DEFS:  # offers and price-history entries: the schema's order
        return tuple(load_schema("model")["$defs"][_ENTRY_DEFS[key]]["properties"])
    return {
        "pricing": PRICE_ORDER,
        "faq": FAQ_ORDER,
        "modalities": ("input", "output"),
        "window": ("start", "end"),
    }.get(key, ())


_ENTRY_DEFS = {"offers": "offer", "price_history": "past_price", "scheduled_prices": "scheduled_price"}


def field_lines(key: str, value: Any, indent: str = "", comment: str = "") -> list[str]:
    """`key: value` (and its nested lines) at the given indentation."""
    tail = f"  # {comment}" if comment else ""
    head = f"{indent}{key}:"
    if isinstance(value, dict):
        if not value:
            return [f"{head} {{}}{tail}"]
        lines = [head + tail]
        for sub_key, sub_value in _ordered(value, _child_order(key)):
            lines += field_lines(sub_key, sub_value, indent + "  ")
        return lines
    if isinstance(value, list):
        return _list_lines(key, value, indent, head, tail)
    if isinstance(value, str) and not tail:
        block = _block_text(value, indent + "  ", len(head) + 1)
        if block is not None:
            return [f"{head} {block[0]}", *block[1:]]
    return [f"{head} {scalar(value, key)}{tail}"]


def _list_lines(key: str, value: list, indent: str, head: str, tail: str) -> list[str]:
    if not value:
        return [f"{head} []{tail}"]
    if key in FLOW_LISTS and all(isinstance(v, int) or (isinstance(v, str) and _FLOW_ITEM.match(v)) for v in value):
        items = ", ".join(scalar(v) for v in value)
        if not any(isinstance(v, str) and not _is_plain_safe(v) for v in value):
            return [f"{head} [{items}]{tail}"]
    lines = [head + tail]
    for item in value:
        if isinstance(item, dict):
            pairs = _ordered(item, _child_order(key))
            first, *rest = pairs
            sub = field_lines(first[0], first[1], indent + "    ")
            lines.append(f"{indent}  - {sub[0].lstrip()}")
            lines += sub[1:]
            for sub_key, sub_value in rest:
                lines += field_lines(sub_key, sub_value, indent + "    ")
        else:
            lines.append(f"{indent}  - {scalar(item)}")
    return lines


# ---------------------------------------------------------------- documents


def render_record(
    kind: str, data: dict[str, Any], header: list[str] | None = None, comments: dict[str, str] | None = None
) -> str:
    """A whole record: modeline, header comment lines, then the fields in schema order.
    `comments` puts a trailing `# ...` after a scalar field (e.g. a TODO)."""
    modeline = MODEL_MODELINE if kind == "model" else PROVIDER_MODELINE
    lines = [modeline, *(f"# {h}" if h else "#" for h in header or [])]
    for key, value in _ordered(data, key_order(kind)):
        lines += field_lines(key, value, comment=(comments or {}).get(key, ""))
    text = "\n".join(lines) + "\n"
    check_round_trip(text, data)
    return text


def check_round_trip(text: str, data: dict[str, Any]) -> None:
    try:
        parsed, _ = parse_yaml(text.encode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - any failure here is a writer bug
        raise WriteProblem(f"the written YAML does not parse: {exc}") from None
    if parsed != data:
        raise WriteProblem("the written YAML does not read back as the intended data")


def _top_level_spans(text: str) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """Lines of the document and, per top-level key, the 0-based [start, end) lines of
    its block, without trailing blank or comment lines (those stay where they are)."""
    lines = text.split("\n")
    _, positions = parse_yaml(text.encode("utf-8"))
    starts = sorted(
        (line - 1, pointer[1:].replace("~1", "/").replace("~0", "~"))
        for pointer, (line, _col) in positions.items()
        if pointer.count("/") == 1
    )
    spans = {}
    for index, (start, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        spans[key] = (start, end)
    return lines, spans


def update_record_text(text: str, kind: str, new: dict[str, Any]) -> str:
    """The record's text with its fields changed to `new`: unchanged fields keep their
    exact text (and comments), changed ones are rewritten in place, new ones are
    inserted in schema order, dropped ones are removed."""
    old, _ = parse_yaml(text.encode("utf-8"))
    lines, spans = _top_level_spans(text)
    order = key_order(kind)
    replacements: dict[int, tuple[int, list[str]]] = {}  # start line -> (end, new lines)
    for key in old:
        start, end = spans[key]
        if key not in new:
            replacements[start] = (end, [])
        elif new[key] != old[key]:
            replacements[start] = (end, field_lines(key, new[key]))
    inserts: dict[int, list[str]] = {}
    for key in [k for k in _ordered(new, order) if k[0] not in old]:
        anchor = _insert_after(key[0], order, spans, old)
        inserts.setdefault(anchor, []).extend(field_lines(key[0], key[1]))
    out: list[str] = inserts.pop(0, [])
    index = 0
    while index < len(lines):
        if index in replacements:
            end, repl = replacements[index]
            out += repl
            out += inserts.pop(end, [])
            index = end
            continue
        out.append(lines[index])
        index += 1
        out += inserts.pop(index, [])
    result = "\n".join(out)
    check_round_trip(result, new)
    return result


def _insert_after(key: str, order: list[str], spans: dict[str, tuple[int, int]], old: dict[str, Any]) -> int:
    """The line index after which a new field goes: after the nearest earlier field in
    schema order that the record has, else before the first later one."""
    position = order.index(key) if key in order else len(order)
    earlier = [spans[k][1] for k in order[:position] if k in old]
    if earlier:
        return max(earlier)
    later = [spans[k][0] for k in order[position + 1 :] if k in old]
    return min(later) if later else len(spans) and max(end for _, end in spans.values())
