"""No record can reach a file outside the catalog or write one outside `--out`.

- names that become slugs, provider ids and output folders: Unicode look-alikes,
  zero-width and bidi characters, backslashes, Windows device names (with any
  extension) are refused with a problem naming the file ('..', plain reserved names and
  symlinks leaving the catalog: tests/cli/test_bad_inputs.py);
- path-like values in records (slug, replacement, logo, collection members) are refused
  by the schema;
- every name the loader accepts gives output paths inside the output folder, and the
  writer's own guard holds for any string (hypothesis);
- the whole temporary tree is snapshotted around builds of a hostile catalog (the XSS
  corpus, a hostile logo, symlinks to decoys outside): only `--out` and its cache change,
  and a catalog with errors changes nothing at all.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import cli
from support.catalogs import MODEL, PROVIDER, SITE, check_catalog, valid_model, valid_provider, valid_site, write_files
from support.hostile import hostile_catalog_files, payloads, place

from generator.authoring.importers.common import slugify
from generator.authoring.scaffold import ScaffoldError, check_slug
from generator.build.write import check_outputs, is_safe_output_path
from generator.catalog.load import SEGMENT_RE, is_reserved_name
from generator.render import urls

HOSTILE_NAMES = {
    "hyphen-look-alike": "models/acme/gpt\u20104.yaml",
    "cyrillic-provider-folder": "models/\u0430cme/chat.yaml",
    "fullwidth": "models/acme/\uff47\uff50\uff54.yaml",
    "zero-width-space": "models/acme/gpt\u200b4.yaml",
    "zero-width-joiner": "models/acme/gpt\u200d4.yaml",
    "bidi-override": "models/acme/gpt\u202e4.yaml",
    "combining-accent": "models/acme/cafe\u0301.yaml",
    "backslash-traversal": "models/acme/x\\..\\..\\etc.yaml",
    "leading-dash": "models/acme/-rf.yaml",
    "device-name-with-extension": "models/acme/nul.v2.yaml",
    "device-name-provider-folder": "models/lpt1.backup/chat.yaml",
    "device-name-provider": "providers/aux.yaml",
    "device-name-com": "models/acme/com1.yaml",
}


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_names_are_refused(name: str, write_catalog) -> None:
    rel = HOSTILE_NAMES[name]
    content = valid_provider() if rel.startswith("providers/") else valid_model(name="Other")
    catalog = write_catalog({rel: content})
    problems = [p for p in check_catalog(catalog) if p.rule == "invalid-file-name"]
    folder = rel.startswith("models/") and rel.split("/")[1] != "acme"
    named = "/".join(rel.split("/")[:2]) if folder else rel  # a bad provider folder is refused as a whole
    assert [p.file for p in problems] == [f"catalog/{named}"], problems
    assert problems[0].is_error


PATH_VALUES = [
    "../../etc/passwd",
    "/etc/passwd",
    "acme/../../x",
    "acme\\..\\x",
    "acme/x/../../y",
    "\u0430cme/x",
    "acme/x\u200b",
    "ACME/X",
    "acme/con",
    "acme/x/",
]


@pytest.mark.parametrize("value", PATH_VALUES)
def test_path_like_values_in_records_are_refused(value: str, write_catalog) -> None:
    site = valid_site()
    site["collections"][0]["models"] = [value]
    files = {
        MODEL: valid_model(slug=value, replacement=value),
        PROVIDER: valid_provider(logo=value.split("/")[-1] + ".svg"),
        SITE: site,
    }
    refused = {(p.file, p.pointer) for p in check_catalog(write_catalog(files)) if p.is_error}
    for expected in ((MODEL, "/slug"), (MODEL, "/replacement"), (PROVIDER, "/logo"), (SITE, "/collections/0/models/0")):
        assert (f"catalog/{expected[0]}", expected[1]) in refused, (expected, refused)


def _is_accepted_name(name: str) -> bool:
    """The loader's rule for a name that becomes part of a slug (load._check_segment)."""
    return bool(SEGMENT_RE.match(name)) and len(name) <= 100 and ".." not in name and not is_reserved_name(name)


@pytest.mark.parametrize("source", ["con", "NUL.v2", "com1.backup", "lpt9.a.b", "index", "aux-model"])
def test_importers_and_new_never_make_a_reserved_name(source: str) -> None:
    assert _is_accepted_name(slugify(source)), slugify(source)
    if not _is_accepted_name(source):
        with pytest.raises(ScaffoldError):
            check_slug(f"acme/{source}")


NAMES = st.one_of(st.from_regex(SEGMENT_RE, fullmatch=True), st.text(alphabet="a./\\-_:%0\u200b\u0430 ~", max_size=12))


@given(provider=NAMES, model=NAMES)
def test_every_accepted_name_gives_output_paths_inside_the_site(provider: str, model: str) -> None:
    if not (_is_accepted_name(provider) and _is_accepted_name(model)):
        return
    slug = f"{provider}/{model}"
    root = Path("/srv/site")
    paths = [
        urls.output_path(urls.model(slug)),
        urls.model_markdown(slug),
        urls.model_json(slug),
        urls.output_path(urls.provider(provider)),
        urls.provider_logo(provider),
    ]
    for path in paths:
        assert is_safe_output_path(path), path
        assert root in (root / path).resolve().parents, path


PIECES = st.sampled_from(
    ["a", "/", ".", "\\", ":", "\x00", "\x01", " ", "~", "%2e", "\u2024", "\u2215", "\uff0f", "..", "./", "/.."]
)


@given(st.lists(PIECES, max_size=12).map("".join))
def test_the_writer_guard_never_lets_a_path_leave_the_site(path: str) -> None:
    if is_safe_output_path(path):
        root = Path("/srv/site")
        assert root in (root / path).resolve().parents and not PurePosixPath(path).is_absolute()


def test_two_records_can_never_share_an_output_path() -> None:
    """A record cannot overwrite another record's page: the build refuses before writing."""
    reasons = check_outputs(
        ["models/a/b/index.html", "providers/a/index.html", "models/a/b/index.html", "../x", "a\\b"]
    )
    assert reasons == [
        "two outputs claim the same path 'models/a/b/index.html'",
        "unsafe output path '../x'",
        "unsafe output path 'a\\\\b'",
    ]


# ---------------------------------------------------------------- nothing written outside --out


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root (links not followed): kind, size, mtime and content digest."""
    entries: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = path.lstat()
            if path.is_symlink():
                entries[str(path.relative_to(root))] = ("link", os.readlink(path))
            elif path.is_file():
                entries[str(path.relative_to(root))] = (
                    "file",
                    info.st_size,
                    info.st_mtime_ns,
                    hashlib.sha256(path.read_bytes()).hexdigest(),
                )
            else:
                entries[str(path.relative_to(root))] = ("dir", info.st_mode)
    return entries


def changed(before: dict[str, tuple], after: dict[str, tuple]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def run_build(catalog: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return cli.run_build(catalog, out, "--jobs", "2", *extra, cwd=out.parent.parent)


def plant_decoys(tmp: Path, catalog: Path) -> None:
    """Files outside the catalog that hostile records might try to reach or overwrite."""
    decoys = tmp / "decoys"
    (decoys / "models").mkdir(parents=True)
    (decoys / "secret.txt").write_text("secret", encoding="utf-8")
    (decoys / "models" / "index.html").write_text("not yours", encoding="utf-8")
    (catalog / "models" / "k00" / ".sneaky.yaml").symlink_to(decoys / "secret.txt")  # hidden: ignored, never read
    (catalog / "drafts").mkdir()  # a stray folder: a warning, the build goes on


@pytest.mark.slow
def test_builds_of_a_hostile_catalog_write_only_the_output_and_its_cache(tmp_path: Path) -> None:
    work = tmp_path / "work"
    files = hostile_catalog_files(tuple(place(p, tmp_path / "placed" / p.id) for p in payloads()))
    catalog = write_files(work / "catalog", files)
    plant_decoys(tmp_path, catalog)
    out, cache = work / "out" / "site", work / "out" / ".cache"
    out.parent.mkdir()
    before = snapshot(tmp_path)
    first = run_build(catalog, out)
    assert first.returncode == 0, first.stderr
    (catalog / "models" / "p000" / "chat.yaml").unlink()  # the next build removes that model's files
    (catalog / "providers" / "p000.yaml").unlink()
    files["site.yaml"]["collections"][0]["models"].remove("p000/chat")
    write_files(catalog, {"site.yaml": files["site.yaml"]})
    for extra in ((), ("--clean",)):
        again = run_build(catalog, out, *extra)
        assert again.returncode == 0, again.stderr
    after = snapshot(tmp_path)
    allowed = ("work/out/site", "work/out/.cache", "work/catalog")
    outside = {p for p in changed(before, after) if not any(p == a or p.startswith(a + "/") for a in allowed)}
    assert outside == set(), sorted(outside)[:20]
    assert {p for p in changed(before, after) if p.startswith("work/catalog/")} == {
        "work/catalog/models/p000/chat.yaml",
        "work/catalog/providers/p000.yaml",
        "work/catalog/site.yaml",
    }  # the test's edits
    assert (out / "providers" / "k00" / "logo.svg").is_file() and cache.is_dir()
    assert not (out / "models" / "p000").exists()


def test_a_catalog_with_errors_writes_nothing_anywhere(tmp_path: Path) -> None:
    catalog = write_files(tmp_path / "catalog", {SITE: valid_site(), PROVIDER: valid_provider(), MODEL: valid_model()})
    (tmp_path / "outside").mkdir()
    (catalog / "models" / "evil").symlink_to(tmp_path / "outside", target_is_directory=True)
    (catalog / "models" / "acme" / "nul.v2.yaml").write_text("name: x\n", encoding="utf-8")
    out = tmp_path / "out" / "site"
    out.parent.mkdir()
    before = snapshot(tmp_path)
    result = run_build(catalog, out)
    assert result.returncode == 1 and "symlink" in result.stdout + result.stderr
    lock = {"out/.cache", "out/.cache/site.lock"}  # the build's lock (lock.py), taken before it reads the cache
    assert (
        changed(before, snapshot(tmp_path)) == lock and (tmp_path / "out" / ".cache" / "site.lock").stat().st_size <= 8
    )
