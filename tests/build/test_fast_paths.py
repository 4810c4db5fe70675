"""The fast paths are only optimisations: they must agree with the full ones.

- yamlsafe.parse_fast (libyaml loader, no positions) gives exactly parse_yaml's data,
  or None;
- validate.is_schema_valid (fastjsonschema) never accepts what jsonschema rejects.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.paths import ROOT

from generator.catalog import validate
from generator.catalog.load import RawRecord
from generator.catalog.yamlsafe import FileProblem, parse_fast, parse_yaml

SHIPPED = sorted((ROOT / "catalog" / "models").glob("*/*.yaml"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.text(max_size=30),
    st.sampled_from(["0.030", "1e-06", "yes", "~", "2025-01-01", "0x1F", "1_000", ".inf", "*a", "&b c"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _dump(data: object) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f")))
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False)


def _full(text: str) -> object:
    try:
        return parse_yaml(text.encode("utf-8"))[0]
    except FileProblem:
        return "problem"


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=10), values, min_size=1, max_size=6))
def test_fast_parse_agrees_with_full_parse_on_generated_yaml(data: dict) -> None:
    text = _dump(data)
    fast = parse_fast(text)
    if fast is not None:
        assert fast == _full(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n[]{}&*!#'\"0.5e\t")), max_size=60))
def test_fast_parse_agrees_with_full_parse_on_random_text(text: str) -> None:
    fast = parse_fast(text)
    if fast is not None:
        assert fast == _full(text)


def test_the_shipped_records_take_the_fast_path_with_the_same_data() -> None:
    assert SHIPPED
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert parse_fast(text) == parse_yaml(text.encode())[0], path


def test_fast_parse_gives_up_on_what_only_the_full_path_reports() -> None:
    for text in [
        "a: 1\na: 2\n",
        "a: !!python/object:os.system x\n",
        "<<: {a: 1}\n",
        "a: &x 1\nb: *x\n",
        "a: .nan\n",
        "a: !!binary aGk=\n",
        "- 1\n",
        "",
        "a: 1\n---\nb: 2\n",
        "- " * 2000 + "x\n",
    ]:
        assert parse_fast(text) is None, text


def _mutations(data: dict) -> list[dict]:
    out = []
    for key in list(data):
        without = dict(data)
        del without[key]
        out.append(without)
        for bad in (None, "x", 5, Decimal("5.0"), -1, [], {}, True, "2025-02-30", "A" * 6000):
            out.append({**data, key: bad})
    out.append({**data, "unknown": 1})
    return out


@pytest.mark.slow
def test_fast_schema_never_accepts_what_jsonschema_rejects() -> None:
    checked = 0
    for path in SHIPPED[:20]:
        data = parse_yaml(path.read_bytes())[0]
        for variant in _mutations(data):
            record = RawRecord("model", "a/b", "x.yaml", variant, {})
            full_ok = not list(validate._validator("model").iter_errors(variant))
            if validate.is_schema_valid(record):
                assert full_ok, (path.name, variant)
            checked += 1
    assert checked > 1000


def test_parallel_schema_checks_find_the_same_problems(monkeypatch, write_catalog) -> None:
    from support.catalogs import valid_model

    from generator.build.parallel import Mapper
    from generator.catalog.load import load_catalog

    files = {f"models/acme/m{i}.yaml": valid_model(name=f"Model {i}") for i in range(8)}
    files["models/acme/m3.yaml"] = valid_model(name="Three", kind="imgae")
    files["models/acme/m6.yaml"] = valid_model(name="Six", capabilties={})
    catalog = write_catalog(files)
    serial = validate.validate_catalog(load_catalog(catalog))
    parallel = validate.validate_catalog(
        load_catalog(catalog), map_each=Mapper(workers=2, min_items=2, slices_per_worker=1)
    )
    assert serial == parallel
    assert {p.rule for p in parallel} >= {"not-allowed", "unknown-field"}


# A skip test for the slow script-scheme pattern of markdown_safe: where it says no
# match is possible, the pattern must indeed find none.
scheme_text = st.text(
    alphabet=st.sampled_from(list("javscriptdlobeJAVSCRIPTDATA:\\\t\n\r ,;/+-.ſıİK<&é")) | st.characters(),
    max_size=40,
)


@settings(max_examples=1000, deadline=None)
@given(
    st.tuples(
        st.text(max_size=10),
        st.sampled_from(
            [
                "javascript:",
                "JaVa\tScRiPt:",
                "vbscript\\:",
                "livescript:",
                "data:text/html,",
                "DATA\n:",
                "javaſcript:",
                "javascrıpt:",
                "javascrİpt:",
                "data :",
                "script",
                "",
            ]
        ),
        scheme_text,
    )
)
def test_script_scheme_skip_test_never_skips_a_match(parts: tuple[str, str, str]) -> None:
    from generator.render import text as text_module

    sample = "".join(parts)
    if text_module._SCRIPT_SCHEME.search(sample):
        assert text_module._may_name_a_script_scheme(sample)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("&*ab -:,[]{}\t\n\u00a0\u2028é")), max_size=30))
def test_anchor_check_finds_what_a_lookbehind_pattern_finds(text: str) -> None:
    """The fast path must never see an alias (a shared node walked twice could expand
    into a billion laughs), so its quick check must find every one the plain pattern does."""
    import re

    from generator.catalog.yamlsafe import _has_anchor_or_alias

    assert _has_anchor_or_alias(text) == bool(re.search(r"(?:^|[\s\[{,:-])[&*][^\s*,\]}]", text))
