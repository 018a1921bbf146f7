"""
Tests for pack ids claimed more than once, and for dependency cycles.

An id offered by several sources (installed distributions, pack folders,
or a mix) loads from none of them, with one error naming every claimant;
the same folder given twice is one pack.
"""

from __future__ import annotations

import io
import json
import pathlib  # noqa: TC003 -- fixtures are typed at runtime

import pytest
from tests.sites import Site, manifest

from exerciselib import Catalog, cli, load_catalog
from exerciselib._packs.loading import _resolve
from exerciselib._packs.reader import PackDraft

pytestmark = pytest.mark.usefixtures("fresh_catalog")

RELIEF = "sciatica:sciatica-relief"


def folder(base: pathlib.Path, name: str, pack_id: str) -> pathlib.Path:
    """Write a pack folder ``name`` whose manifest says ``pack_id``."""
    made = base / name
    made.mkdir()
    data = manifest(pack_id, name=f"Pack from {name}")
    (made / "pack.json").write_text(json.dumps(data), encoding="utf-8")
    return made


def reasons(catalog: Catalog, pack_id: str) -> list[str]:
    """Every failure recorded for ``pack_id``."""
    return [f.reason for f in catalog.failures if f.pack == pack_id]


class TestClaimedTwice:
    """An id claimed more than once loads from none of its claimants."""

    def test_two_folders(self, tmp_path: pathlib.Path) -> None:
        """Two folders with one id: neither loads, one error names both."""
        first = folder(tmp_path, "a", "dup")
        second = folder(tmp_path, "b", "dup")

        catalog = load_catalog(discover=False, paths=[first, second])

        [reason] = reasons(catalog, "dup")
        assert "dup" not in catalog
        assert str(first) in reason
        assert str(second) in reason

    def test_three_folders(self, tmp_path: pathlib.Path) -> None:
        """Three folders with one id: none loads, one error names all."""
        paths = [folder(tmp_path, name, "dup") for name in "abc"]

        catalog = load_catalog(discover=False, paths=paths)

        [reason] = reasons(catalog, "dup")
        assert "dup" not in catalog
        assert all(str(path) in reason for path in paths)
        assert "3 sources" in reason

    def test_folder_impersonates_installed(
        self, tmp_path: pathlib.Path
    ) -> None:
        """Two folders claiming an installed id do not replace it."""
        first = folder(tmp_path, "a", "sciatica")
        second = folder(tmp_path, "b", "sciatica")

        catalog = load_catalog(paths=[first, second])

        [reason] = reasons(catalog, "sciatica")
        assert "sciatica" not in catalog
        assert "exerciselib-sciatica" in reason
        assert str(first) in reason
        assert str(second) in reason

    def test_two_distributions_and_a_folder(
        self, site: Site, tmp_path: pathlib.Path
    ) -> None:
        """A folder cannot take an id two distributions clash over."""
        for dist in ("ghost-one", "ghost-two"):
            package = dist.replace("-", "_")
            site.install(
                dist, {"ghost": package}, {package: manifest("ghost")}
            )
        local = folder(tmp_path, "local", "ghost")

        catalog = load_catalog(paths=[local])

        [reason] = reasons(catalog, "ghost")
        assert "ghost" not in catalog
        assert "ghost-one 1.0.0" in reason
        assert "ghost-two 1.0.0" in reason
        assert str(local) in reason

    def test_same_folder_twice(self, tmp_path: pathlib.Path) -> None:
        """One folder given twice, however spelled, is one pack."""
        local = folder(tmp_path, "local", "local")

        catalog = load_catalog(
            discover=False, paths=[local, local / ".." / "local", local]
        )

        assert () == catalog.failures
        assert ["local"] == list(catalog)


def _draft(pack_id: str, dependencies: tuple[str, ...]) -> PackDraft:
    fields = {
        "id": pack_id,
        "dependencies": dependencies,
        "root": f"/packs/{pack_id}",
        "distribution": None,
    }
    return PackDraft(fields=fields, exercises={}, routines=[])


class TestDependencyOrder:
    """Dependency order and cycle detection handle long chains."""

    def test_long_ring(self) -> None:
        """A ring of 3,000 packs is reported once, whole, with no recursion."""
        count = 3000
        names = [f"p{n:04d}" for n in range(count)]
        drafts = {
            name: _draft(name, (names[(n + 1) % count],))
            for n, name in enumerate(names)
        }
        failures: list = []  # type: ignore[type-arg]

        packs = _resolve(drafts, set(), frozenset(), failures)

        assert {} == packs
        assert count == len(failures)
        assert "dependency cycle: p0000 -> p0001" in str(failures[0])
        assert "(3000 packs)" in str(failures[0])

    def test_long_chain_before_ring(self) -> None:
        """Packs waiting on a cycle name the cycle they wait on."""
        drafts = {
            "a": _draft("a", ("b",)),
            "b": _draft("b", ("c",)),
            "c": _draft("c", ("b",)),
        }
        failures: list = []  # type: ignore[type-arg]

        packs = _resolve(drafts, set(), frozenset(), failures)

        assert {} == packs
        text = "\n".join(str(f) for f in failures)
        assert "'a'" in text
        assert "dependency cycle: b -> c -> b" in text
        assert "dependency cycle: c -> b -> c" in text


def test_command_line_impersonation(tmp_path: pathlib.Path) -> None:
    """Show fails, naming every claimant, when two folders claim an id."""
    first = folder(tmp_path, "a", "sciatica")
    second = folder(tmp_path, "b", "sciatica")
    out, err = io.StringIO(), io.StringIO()

    code = cli.run(
        ["--pack", str(first), "--pack", str(second), "show", RELIEF],
        stdout=out,
        stderr=err,
    )

    assert 1 == code
    assert "" == out.getvalue()
    assert "pack 'sciatica' is installed but failed to load" in err.getvalue()
    assert "offered by 3 sources" in err.getvalue()
    assert str(first) in err.getvalue()
    assert str(second) in err.getvalue()
