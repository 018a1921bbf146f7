"""
Hostile installs: faulty entry points, read-only packs, threads, scale.

Distributions are installed for real as ``.dist-info`` folders on
``sys.path`` (see :mod:`tests.sites`); nothing about
``importlib_metadata`` is mocked. Faults already covered one by one in
``test_discovery.py`` are checked here for what that file does not:
isolation (every other pack still loads), strict mode, code that must
not run, and many faults at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil
import stat
import sys
import threading
import typing

import attrs
import pytest
from tests.sites import LOUD_TRAP, Site, manifest

from exerciselib import (
    Catalog,
    PackError,
    load_catalog,
    load_pack,
)

ROOT = pathlib.Path(__file__).parent.parent
SCIATICA = ROOT / "packs" / "sciatica" / "src" / "exerciselib_sciatica"


pytestmark = pytest.mark.usefixtures("fresh_catalog")


def install_good(site: Site) -> None:
    """Install a good pack ``good`` beside the faulty ones."""
    site.install(
        "good-pack", {"good": "good_pack"}, {"good_pack": manifest("good")}
    )


def reasons(catalog: Catalog, pack_id: str) -> list[str]:
    """Every reason recorded for ``pack_id``."""
    return [f.reason for f in catalog.failures if f.pack == pack_id]


def _missing(site: Site) -> None:
    site.install("ghost-pack", {"ghost": "ghost_pack"}, {})


def _no_data(site: Site) -> None:
    site.install("ghost-pack", {"ghost": "ghost_pack"}, {"ghost_pack": None})


def _loud_no_data(site: Site) -> None:
    site.install(
        "ghost-pack",
        {"ghost": "ghost_pack"},
        {"ghost_pack": None},
        init=LOUD_TRAP,
    )


def _two_distributions(site: Site) -> None:
    for dist in ("ghost-one", "ghost-two"):
        package = dist.replace("-", "_")
        site.install(dist, {"ghost": package}, {package: manifest("ghost")})


def _editable_beside_other(site: Site) -> None:
    # An editable install of one distribution and a regular install of
    # another, both offering the id: two distributions, a loud clash.
    source = Site(site.root.parent / "src")
    source.install("unused", {}, {"ghost_src": manifest("ghost")})
    sys.path.insert(0, str(source.root))
    site.install_editable("ghost-dev", {"ghost": "ghost_src"}, source.root)
    site.install(
        "ghost-pack",
        {"ghost": "ghost_pack"},
        {"ghost_pack": manifest("ghost")},
    )


def _cycle(site: Site) -> None:
    site.install(
        "ghost-pack",
        {"ghost": "ghost_pack"},
        {"ghost_pack": manifest("ghost", dependencies=["spirit"])},
    )
    site.install(
        "spirit-pack",
        {"spirit": "spirit_pack"},
        {"spirit_pack": manifest("spirit", dependencies=["ghost"])},
    )


#: Each fault, how to install it, and what its catalog.failures entry says.
FAULTS = [
    pytest.param(
        _missing, "'ghost_pack', which cannot be found", id="missing"
    ),
    pytest.param(_no_data, "holds no pack.json", id="no-data"),
    pytest.param(_loud_no_data, "holds no pack.json", id="loud-init-no-data"),
    pytest.param(
        _two_distributions,
        "ghost-one 1.0.0 (ghost = ghost_one)",
        id="two-distributions",
    ),
    pytest.param(
        _editable_beside_other,
        "ghost-dev 1.0.0 (ghost = ghost_src)",
        id="editable-beside-other",
    ),
    pytest.param(
        _cycle, "dependency cycle: ghost -> spirit -> ghost", id="cycle"
    ),
]


class TestEntryPointFaults:
    """Each faulty install is one clear error; every other pack loads."""

    @pytest.mark.parametrize(("install", "reason"), FAULTS)
    def test_isolated(
        self,
        install: typing.Callable[[Site], None],
        reason: str,
        site: Site,
        monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str],
    ) -> None:
        """The fault is recorded, named; the good packs still load."""
        monkeypatch.setattr(sys, "path", list(sys.path))
        install_good(site)
        install(site)

        catalog = load_catalog()

        [recorded] = reasons(catalog, "ghost")
        assert reason in recorded
        assert {"good", "sciatica"} <= set(catalog)
        assert "ghost" not in catalog
        assert ("", "") == capfd.readouterr()

    @pytest.mark.parametrize(("install", "reason"), FAULTS)
    def test_strict(
        self,
        install: typing.Callable[[Site], None],
        reason: str,
        site: Site,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """In strict mode the same fault raises PackError naming it."""
        monkeypatch.setattr(sys, "path", list(sys.path))
        install_good(site)
        install(site)

        with pytest.raises(PackError) as info:
            load_catalog(strict=True)

        assert reason in str(info.value)
        assert "ghost" == info.value.pack

    def test_code_never_runs(
        self, site: Site, capfd: pytest.CaptureFixture[str]
    ) -> None:
        """A pack whose __init__ prints and exits is loaded, never run."""
        site.install(
            "loud-pack",
            {"loud": "loud_pack"},
            {"loud_pack": manifest("loud")},
            init=LOUD_TRAP,
        )

        catalog = load_catalog()

        assert "loud" in catalog
        assert [] == site.imported()
        assert "loud_pack" not in sys.modules
        assert ("", "") == capfd.readouterr()

    def test_editable_beside_regular(
        self,
        site: Site,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """
        One distribution installed editable and regular loads once.

        Python imports the first copy on ``sys.path``; the catalog takes
        the same one, quietly: the same pack twice is not a clash.
        """
        source = Site(tmp_path / "src")
        source.install("unused", {}, {"twin_pack": manifest("twin")})
        editable = Site(tmp_path / "editable")
        editable.install_editable(
            "twin-pack", {"twin": "twin_pack"}, source.root
        )
        site.install(
            "twin-pack", {"twin": "twin_pack"}, {"twin_pack": manifest("twin")}
        )
        monkeypatch.syspath_prepend(str(source.root))
        monkeypatch.syspath_prepend(str(editable.root))

        catalog = load_catalog()

        assert source.root / "twin_pack" == catalog.packs["twin"].root
        assert [] == reasons(catalog, "twin")
        assert [] == source.imported() + site.imported()


class TestBlocked:
    """A blocked pack is neither loaded nor reported."""

    def test_blocked_path_pack_unreadable(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A blocked pack folder that fails to read is not reported."""
        (tmp_path / "pack.json").write_text(
            json.dumps({"format": 1, "id": "bad"}), encoding="utf-8"
        )

        open_catalog = load_catalog(discover=False, paths=[tmp_path])
        blocked = load_catalog(
            discover=False, paths=[tmp_path], blocked=["bad"]
        )

        assert reasons(open_catalog, "bad")
        assert () == blocked.failures


def snapshot(root: pathlib.Path) -> dict[str, tuple[object, ...]]:
    """Every path under ``root``: kind, mode, mtime and content hash."""
    found: dict[str, tuple[object, ...]] = {}
    for path in sorted([root, *root.rglob("*")]):
        info = path.lstat()
        digest = (
            hashlib.sha256(path.read_bytes()).hexdigest()
            if stat.S_ISREG(info.st_mode)
            else None
        )
        found[str(path.relative_to(root))] = (
            stat.S_IFMT(info.st_mode),
            stat.S_IMODE(info.st_mode),
            info.st_mtime_ns,
            digest,
        )
    return found


def read_only(root: pathlib.Path) -> None:
    """``chmod -R a-w`` on ``root``."""
    for path in [root, *root.rglob("*")]:
        path.chmod(stat.S_IMODE(path.lstat().st_mode) & ~0o222)


def writable(root: pathlib.Path) -> None:
    """Undo :func:`read_only`, so that the folder can be removed."""
    for path in [root, *root.rglob("*")]:
        path.chmod(stat.S_IMODE(path.lstat().st_mode) | 0o200)


class TestReadOnly:
    """Validation and loading never modify, create or delete a file."""

    @pytest.mark.parametrize("broken", [False, True], ids=["good", "broken"])
    def test_load_pack(self, broken: bool, tmp_path: pathlib.Path) -> None:
        """load_pack leaves a read-only pack tree exactly as it was."""
        copy = pathlib.Path(shutil.copytree(SCIATICA, tmp_path / "sciatica"))
        if broken:
            (copy / "routines" / "sciatica-relief.json").write_text(
                '{"id": ', encoding="utf-8"
            )
        read_only(copy)
        before = snapshot(copy)
        try:
            if broken:
                with pytest.raises(PackError):
                    load_pack(copy)
            else:
                load_pack(copy)
            after = snapshot(copy)
        finally:
            writable(copy)

        assert before == after

    def test_load_catalog(self, site: Site) -> None:
        """Discovery and loading leave the installed site as it was."""
        install_good(site)
        site.install("bad-pack", {"bad": "bad_pack"}, {"bad_pack": "{"})
        read_only(site.root)
        before = snapshot(site.root)
        try:
            catalog = load_catalog()
            after = snapshot(site.root)
        finally:
            writable(site.root)

        assert before == after
        assert "good" in catalog
        assert reasons(catalog, "bad")

    def test_real_sciatica_untouched(self) -> None:
        """Loading the real sciatica pack leaves its tree as it was."""
        before = snapshot(SCIATICA)

        load_pack(SCIATICA)
        load_catalog()

        assert before == snapshot(SCIATICA)


class TestConcurrency:
    """Catalogs are immutable and the same from any thread."""

    def test_threads(self, site: Site) -> None:
        """load_catalog from 8 threads at once gives equal catalogs."""
        install_good(site)
        site.install("bad-pack", {"bad": "bad_pack"}, {"bad_pack": "{"})
        barrier = threading.Barrier(8)
        results: list[Catalog] = []
        failures: list[BaseException] = []

        def work(index: int) -> None:
            try:
                barrier.wait()
                results.extend(
                    load_catalog(refresh=index % 2 == 0) for _ in range(3)
                )
            except BaseException as error:  # noqa: BLE001 -- reported below
                failures.append(error)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert [] == failures
        assert 24 == len(results)
        assert all(results[0] == other for other in results)
        assert "good" in results[0]
        assert reasons(results[0], "bad")

    def test_immutable(self, site: Site) -> None:
        """A catalog, its packs and their content cannot be changed."""
        data = manifest("ext")
        data["x-meta"] = {"list": [1]}
        site.install("ext-pack", {"ext": "ext_pack"}, {"ext_pack": data})
        catalog = load_catalog()
        pack = catalog.packs["ext"]
        routine = pack.routines["daily"]

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            pack.id = "other"  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            routine.items = ()  # type: ignore[misc]
        with pytest.raises(TypeError):
            pack.routines["new"] = routine  # type: ignore[index]
        with pytest.raises(TypeError):
            pack.extensions["x-meta"]["list"] = []  # type: ignore[index]
        assert (1,) == pack.extensions["x-meta"]["list"]  # type: ignore[index]
        assert isinstance(catalog.failures, tuple)
        assert isinstance(routine.items, tuple)


#: Eight ways to break a pack: how each is installed, and its reason.
BROKEN: dict[str, tuple[typing.Callable[[str], object], str]] = {
    "invalid-json": (lambda _pack_id: "{nope", "invalid JSON"),
    "schema": (
        lambda pack_id: manifest(pack_id, version="one"),
        "pack.json: $.version: ",
    ),
    "missing-package": (lambda _pack_id: ..., "which cannot be found"),
    "no-data": (lambda _pack_id: None, "holds no pack.json"),
    "id-mismatch": (
        lambda pack_id: manifest(f"{pack_id}-x"),
        "differs from the entry-point name",
    ),
    "missing-dependency": (
        lambda pack_id: manifest(pack_id, dependencies=["absent"]),
        "'absent', which is not installed",
    ),
    "needs-version": (
        lambda pack_id: manifest(pack_id, requires_exerciselib=">=42"),
        "needs exerciselib >=42",
    ),
    "unknown-reference": (
        lambda pack_id: manifest(pack_id, uses=["nowhere"]),
        "no exercise 'nowhere' in this pack",
    ),
}


class TestScale:
    """200 installed packs, a fifth of them broken in 8 ways."""

    def test_many_faults(self, site: Site) -> None:
        """The good packs load; each broken one is listed with its reason."""
        expected: dict[str, str] = {}
        kinds = list(BROKEN)
        for number in range(200):
            pack_id = f"pack{number:03d}"
            package = f"pack_{number:03d}"
            data: object = manifest(pack_id)
            if number % 5 == 0:
                kind = kinds[(number // 5) % len(kinds)]
                build, reason = BROKEN[kind]
                data = build(pack_id)
                expected[pack_id] = reason
            packages = {} if data is ... else {package: data}
            site.install(f"dist-{pack_id}", {pack_id: package}, packages)

        catalog = load_catalog()

        ours = {p for p in catalog if p.startswith("pack")}
        assert 160 == len(ours)
        assert ours.isdisjoint(expected)
        assert 40 == len(expected)
        for pack_id, reason in expected.items():
            [recorded] = reasons(catalog, pack_id)
            assert reason in recorded, (pack_id, recorded)
        assert 8 == len(set(expected.values()))
        assert {"sciatica"} == set(catalog) - ours
        assert os.fspath(site.root) in sys.path
        assert [] == site.imported()


def test_manifest_helper_valid(tmp_path: pathlib.Path) -> None:
    """The manifest helper used above builds a pack that loads."""
    (tmp_path / "pack.json").write_text(
        json.dumps(manifest("plain")), encoding="utf-8"
    )

    assert "plain" == load_pack(tmp_path).id
