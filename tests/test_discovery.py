"""
Tests for load_catalog against real installed distributions.

Each test installs distributions the way pip lays them out: a
``NAME-VERSION.dist-info`` folder (METADATA, entry_points.txt, RECORD)
beside the package folder, in a temporary directory put on ``sys.path``.
Nothing about ``importlib_metadata`` is mocked.
"""

from __future__ import annotations

import json
import pathlib  # noqa: TC003 -- fixtures are typed at runtime
import sys

import importlib_metadata
import pytest
from tests.sites import Site, manifest

from exerciselib import (
    Catalog,
    PackError,
    UnknownIdError,
    load_catalog,
    refresh_catalog,
)
from exerciselib._packs.discovery import header

pytestmark = pytest.mark.usefixtures("fresh_catalog")


def failure_for(catalog: Catalog, pack_id: str) -> str:
    """The reason recorded for ``pack_id``; fail if there is none."""
    reasons = [f.reason for f in catalog.failures if f.pack == pack_id]
    assert 1 == len(reasons), catalog.failures
    return reasons[0]


class TestDiscovery:
    """Packs are found through entry points and read, never imported."""

    def test_good_pack(self, site: Site) -> None:
        """An installed pack loads, with its distribution recorded."""
        site.install(
            "demo-pack", {"demo": "demo_pack"}, {"demo_pack": manifest("demo")}
        )

        catalog = load_catalog()

        assert "demo" in catalog
        assert "demo-pack" == catalog.packs["demo"].distribution
        assert "Reach" == catalog.exercise("demo:reach").name
        assert [] == [f for f in catalog.failures if f.pack == "demo"]

    def test_never_imported(self, site: Site) -> None:
        """Loading a pack does not import its package."""
        site.install(
            "demo-pack", {"demo": "demo_pack"}, {"demo_pack": manifest("demo")}
        )

        load_catalog()

        assert [] == site.imported()
        assert "demo_pack" not in sys.modules

    def test_sciatica_installed(self) -> None:
        """The sciatica pack installed beside the core is discovered."""
        catalog = load_catalog()

        assert "sciatica" in catalog
        assert "exerciselib-sciatica" == catalog.packs["sciatica"].distribution
        assert [] == [f for f in catalog.failures if f.pack == "sciatica"]

    def test_broken_beside_good(self, site: Site) -> None:
        """A broken pack is recorded; the good ones still load."""
        broken = manifest("broken")
        broken["version"] = "one"
        site.install(
            "good-pack", {"good": "good_pack"}, {"good_pack": manifest("good")}
        )
        site.install(
            "broken-pack", {"broken": "broken_pack"}, {"broken_pack": broken}
        )

        catalog = load_catalog()

        assert {"good", "sciatica"} <= set(catalog)
        assert "broken" not in catalog
        [failure] = [f for f in catalog.failures if f.pack == "broken"]
        assert ("broken-pack", "pack.json", "$.version") == (
            failure.distribution,
            failure.file,
            failure.json_path,
        )
        assert "broken: pack.json: $.version: " in failure.reason
        assert failure.reason == str(failure.error)

    def test_invalid_json(self, site: Site) -> None:
        """A manifest that is not JSON is recorded with its file."""
        site.install(
            "bad-json", {"badjson": "bad_json"}, {"bad_json": "{nope"}
        )

        catalog = load_catalog()

        assert "pack.json" == catalog.failures[0].file
        assert "invalid JSON" in failure_for(catalog, "badjson")

    def test_missing_package(self, site: Site) -> None:
        """An entry point naming a missing package is recorded."""
        site.install("ghost-pack", {"ghost": "ghost_pack"}, {})

        catalog = load_catalog()

        reason = failure_for(catalog, "ghost")
        assert "'ghost_pack', which cannot be found" in reason
        assert "ghost-pack" in reason

    def test_no_pack_data(self, site: Site) -> None:
        """A package without pack.json is recorded, naming the file."""
        site.install(
            "empty-pack", {"empty": "empty_pack"}, {"empty_pack": None}
        )

        catalog = load_catalog()

        assert "package data" in failure_for(catalog, "empty")
        assert [] == site.imported()

    def test_object_reference_refused(self, site: Site) -> None:
        """An entry point naming an object, not a package, is refused."""
        site.install(
            "obj-pack", {"obj": "obj_pack:data"}, {"obj_pack": manifest("obj")}
        )

        catalog = load_catalog()

        assert "must name a package only" in failure_for(catalog, "obj")

    def test_invalid_entry_point_name(self, site: Site) -> None:
        """An entry-point name that is no pack id is refused."""
        site.install(
            "odd-pack", {"Odd_Name": "odd_pack"}, {"odd_pack": manifest("odd")}
        )

        catalog = load_catalog()

        [failure] = [
            f for f in catalog.failures if f.distribution == "odd-pack"
        ]
        assert "'Odd_Name' is not a valid pack id" in failure.reason

    def test_id_differs_from_name(self, site: Site) -> None:
        """The manifest id must equal the entry-point name."""
        site.install(
            "named-pack",
            {"named": "named_pack"},
            {"named_pack": manifest("other")},
        )

        catalog = load_catalog()

        reason = failure_for(catalog, "named")
        assert "named: pack.json: $.id: " in reason
        assert "other" not in catalog

    def test_dotted_package(self, site: Site) -> None:
        """A dotted package is found without importing its parents."""
        site.install(
            "nested-pack",
            {"nested": "outer.inner"},
            {"outer": None, "outer/inner": manifest("nested")},
        )

        catalog = load_catalog()

        assert "nested" in catalog
        assert [] == site.imported()
        assert "outer" not in sys.modules

    def test_editable_layout(
        self,
        site: Site,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A package outside the file list (editable install) is found."""
        source = Site(tmp_path / "src")
        source.install("unused", {}, {"edit_pack": manifest("edit")})
        monkeypatch.syspath_prepend(str(source.root))
        site.install(
            "edit-pack", {"edit": "edit_pack"}, {}, record_packages=False
        )

        catalog = load_catalog()

        assert source.root / "edit_pack" == catalog.packs["edit"].root
        assert [] == source.imported()

    def test_requires_other_version(self, site: Site) -> None:
        """A pack needing another exerciselib version is recorded."""
        data = manifest("future", requires_exerciselib=">=42")
        site.install(
            "future-pack", {"future": "future_pack"}, {"future_pack": data}
        )

        catalog = load_catalog()

        reason = failure_for(catalog, "future")
        assert "future: pack.json: $.requires_exerciselib: " in reason
        assert "needs exerciselib >=42" in reason


class TestDuplicates:
    """One id from two distributions is loud; one distribution twice is not."""

    def test_two_distributions(self, site: Site) -> None:
        """The same id from two distributions names both; neither loads."""
        site.install(
            "dup-one", {"dup": "dup_one"}, {"dup_one": manifest("dup")}
        )
        site.install(
            "dup-two", {"dup": "dup_two"}, {"dup_two": manifest("dup")}
        )

        catalog = load_catalog()

        reason = failure_for(catalog, "dup")
        assert "dup-one 1.0.0" in reason
        assert "dup-two 1.0.0" in reason
        assert "dup" not in catalog

    def test_same_distribution_twice(
        self,
        site: Site,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """One distribution on sys.path twice loads once, quietly."""
        again = Site(tmp_path / "again")
        for place in (site, again):
            place.install(
                "twice-pack",
                {"twice": "twice_pack"},
                {"twice_pack": manifest("twice")},
            )
        monkeypatch.syspath_prepend(str(again.root))

        catalog = load_catalog()

        assert "twice" in catalog
        assert [] == [f for f in catalog.failures if f.pack == "twice"]

    def test_folder_listed_twice(
        self, site: Site, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same folder twice on sys.path loads the pack once."""
        site.install(
            "twice-pack",
            {"twice": "twice_pack"},
            {"twice_pack": manifest("twice")},
        )
        monkeypatch.syspath_prepend(str(site.root) + "/")

        catalog = load_catalog()

        assert "twice" in catalog
        assert [] == [f for f in catalog.failures if f.pack == "twice"]


class TestDependencies:
    """Packs load in dependency order; missing and cyclic ones fail."""

    def test_dependency_resolved(self, site: Site) -> None:
        """A routine resolves an exercise of a pack it depends on."""
        site.install(
            "base-pack", {"base": "base_pack"}, {"base_pack": manifest("base")}
        )
        data = manifest(
            "extra",
            dependencies=["base"],
            uses=["base:reach"],
            exercise="bend",
        )
        site.install(
            "extra-pack", {"extra": "extra_pack"}, {"extra_pack": data}
        )

        catalog = load_catalog()

        routine = catalog.routine("extra:daily")
        assert catalog.exercise("base:reach") is routine.items[1].exercise
        assert "base:reach" == routine.items[1].exercise.qualified_id

    def test_one_id_from_two_packs_refused(self, site: Site) -> None:
        """A routine using 'reach' of its own and of a dependency fails."""
        site.install(
            "base-pack", {"base": "base_pack"}, {"base_pack": manifest("base")}
        )
        data = manifest("extra", dependencies=["base"], uses=["base:reach"])
        site.install(
            "extra-pack", {"extra": "extra_pack"}, {"extra_pack": data}
        )

        reason = failure_for(load_catalog(), "extra")

        assert "different exercises with one id 'reach'" in reason
        assert "extra:reach" in reason
        assert "base:reach" in reason

    def test_dependency_missing(self, site: Site) -> None:
        """A pack whose dependency is not installed is recorded."""
        data = manifest("lonely", dependencies=["absent"])
        site.install(
            "lonely-pack", {"lonely": "lonely_pack"}, {"lonely_pack": data}
        )

        catalog = load_catalog()

        reason = failure_for(catalog, "lonely")
        assert "lonely: pack.json: $.dependencies[0]: " in reason
        assert "'absent', which is not installed" in reason

    def test_dependency_failed(self, site: Site) -> None:
        """A pack whose dependency failed to load is recorded too."""
        broken = manifest("base", version="x")
        site.install("base-pack", {"base": "base_pack"}, {"base_pack": broken})
        data = manifest("extra", dependencies=["base"])
        site.install(
            "extra-pack", {"extra": "extra_pack"}, {"extra_pack": data}
        )

        catalog = load_catalog()

        assert "which failed to load" in failure_for(catalog, "extra")

    def test_cycle(self, site: Site) -> None:
        """Packs in a dependency cycle are each recorded, naming it."""
        site.install(
            "a-pack",
            {"aa": "a_pack"},
            {"a_pack": manifest("aa", dependencies=["bb"])},
        )
        site.install(
            "b-pack",
            {"bb": "b_pack"},
            {"b_pack": manifest("bb", dependencies=["aa"])},
        )
        site.install(
            "c-pack",
            {"cc": "c_pack"},
            {"c_pack": manifest("cc", dependencies=["aa"])},
        )

        catalog = load_catalog()

        assert "dependency cycle: aa -> bb -> aa" in failure_for(catalog, "aa")
        assert "dependency cycle: bb -> aa -> bb" in failure_for(catalog, "bb")
        assert "dependency cycle" in failure_for(catalog, "cc")
        assert {"aa", "bb", "cc"}.isdisjoint(catalog)
        assert "sciatica" in catalog


class TestSettings:
    """Blocking, discovery off, strict mode, extra paths and the cache."""

    def test_blocked_argument(self, site: Site) -> None:
        """A blocked pack is neither loaded nor read."""
        site.install(
            "block-pack", {"blocked": "block_pack"}, {"block_pack": "{"}
        )

        catalog = load_catalog(blocked=["blocked"])

        assert "blocked" not in catalog
        assert [] == [f for f in catalog.failures if f.pack == "blocked"]

    def test_blocked_environment(
        self, site: Site, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """EXERCISELIB_BLOCKED_PACKS blocks packs, comma separated."""
        site.install(
            "block-pack", {"blocked": "block_pack"}, {"block_pack": "{"}
        )
        monkeypatch.setenv("EXERCISELIB_BLOCKED_PACKS", "nothing, blocked")

        catalog = load_catalog()

        assert "blocked" not in catalog
        assert [] == [f for f in catalog.failures if f.pack == "blocked"]

    def test_blocked_dependency(self, site: Site) -> None:
        """A pack depending on a blocked pack is recorded."""
        site.install(
            "base-pack", {"base": "base_pack"}, {"base_pack": manifest("base")}
        )
        data = manifest("extra", dependencies=["base"])
        site.install(
            "extra-pack", {"extra": "extra_pack"}, {"extra_pack": data}
        )

        catalog = load_catalog(blocked=["base"])

        assert "which is blocked" in failure_for(catalog, "extra")

    def test_discovery_off(self) -> None:
        """With discovery off, installed packs are not loaded."""
        catalog = load_catalog(discover=False)

        assert 0 == len(catalog)
        assert () == catalog.failures

    def test_discovery_off_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """EXERCISELIB_NO_DISCOVERY=1 turns discovery off."""
        monkeypatch.setenv("EXERCISELIB_NO_DISCOVERY", "1")

        assert 0 == len(load_catalog())
        assert "sciatica" in load_catalog(discover=True)

    def test_paths(self, tmp_path: pathlib.Path) -> None:
        """Pack folders passed as paths load without discovery."""
        folder = tmp_path / "local"
        folder.mkdir()
        (folder / "pack.json").write_text(
            json.dumps(manifest("local")), encoding="utf-8"
        )

        catalog = load_catalog(discover=False, paths=[folder])

        assert ["local"] == list(catalog)
        assert catalog.packs["local"].distribution is None

    def test_path_clashes_with_installed(self) -> None:
        """A path pack with an installed pack's id is a loud clash."""
        sciatica = load_catalog().packs["sciatica"].root

        catalog = load_catalog(paths=[sciatica])

        reason = failure_for(catalog, "sciatica")
        assert "exerciselib-sciatica" in reason
        assert "sciatica" not in catalog

    def test_strict_argument(self, site: Site) -> None:
        """Strict mode raises PackError naming the pack at fault."""
        site.install(
            "bad-pack",
            {"bad": "bad_pack"},
            {"bad_pack": manifest("bad", name="")},
        )

        with pytest.raises(PackError) as info:
            load_catalog(strict=True)

        assert "bad" == info.value.pack
        assert "bad: pack.json: $.name: " in str(info.value)

    def test_strict_environment(
        self, site: Site, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """EXERCISELIB_STRICT_PACKS=1 turns strict mode on."""
        site.install(
            "bad-pack",
            {"bad": "bad_pack"},
            {"bad_pack": manifest("bad", name="")},
        )
        monkeypatch.setenv("EXERCISELIB_STRICT_PACKS", "1")

        with pytest.raises(PackError, match=r"bad: pack\.json: \$\.name: "):
            load_catalog()
        assert load_catalog(strict=False).failures

    def test_strict_several(self, site: Site) -> None:
        """Several failures in strict mode are listed together."""
        site.install(
            "bad-pack",
            {"bad": "bad_pack"},
            {"bad_pack": manifest("bad", name="")},
        )
        site.install("ghost-pack", {"ghost": "ghost_pack"}, {})

        with pytest.raises(PackError) as info:
            load_catalog(strict=True)

        assert "2 packs failed to load" in str(info.value)
        assert "ghost_pack" in str(info.value)

    def test_strict_clean(self) -> None:
        """Strict mode returns the catalog when every pack loads."""
        assert "sciatica" in load_catalog(strict=True)

    def test_cached(self, site: Site) -> None:
        """The catalog is built once and rebuilt only on refresh."""
        first = load_catalog()
        site.install(
            "late-pack", {"late": "late_pack"}, {"late_pack": manifest("late")}
        )

        assert first is load_catalog()
        assert "late" not in load_catalog()
        assert "late" in load_catalog(refresh=True)
        refresh_catalog()
        assert load_catalog() is not first


class TestCatalog:
    """Lookups, iteration and search."""

    def test_lookups_suggest(self) -> None:
        """Unknown ids raise UnknownIdError with close matches."""
        catalog = load_catalog()

        with pytest.raises(UnknownIdError) as info:
            catalog.exercise("lower-trunk-rotation")

        assert "sciatica:lower-trunk-rotation" in info.value.suggestions
        assert "'pack:id'" in str(info.value)
        with pytest.raises(UnknownIdError, match="sciatica:sciatica-relief"):
            catalog.routine("sciatica:sciatica-releif")
        with pytest.raises(UnknownIdError, match="'sciatica'"):
            catalog.pack("sciatca")

    def test_failed_pack_named(self, site: Site) -> None:
        """Looking up content of a failed pack points at catalog.failures."""
        site.install("ghost-pack", {"ghost": "ghost_pack"}, {})

        catalog = load_catalog()

        with pytest.raises(UnknownIdError, match="failed to load"):
            catalog.exercise("ghost:reach")
        with pytest.raises(UnknownIdError, match="failed to load"):
            catalog.pack("ghost")

    def test_iteration(self, site: Site) -> None:
        """A catalog iterates pack ids in order and counts its packs."""
        site.install(
            "demo-pack", {"demo": "demo_pack"}, {"demo_pack": manifest("demo")}
        )

        catalog = load_catalog()

        assert sorted(catalog) == list(catalog)
        assert len(list(catalog)) == len(catalog)
        assert "demo:reach" in catalog.exercise_ids()
        assert "demo:daily" in catalog.routine_ids()
        assert catalog.exercises["demo:reach"].name == "Reach"
        assert catalog.routines["demo:daily"].name == "Daily"

    @pytest.mark.parametrize(
        ("text", "tag", "region", "expected"),
        [
            ("rotation", None, None, ["sciatica:lower-trunk-rotation"]),
            (
                "KNEE buttock",
                None,
                None,
                ["sciatica:gluteus-medius-stretch-in-supine"],
            ),
            (
                None,
                "STRETCH",
                None,
                [
                    "sciatica:seated-hurdler-stretch",
                    "sciatica:hamstring-stretch-in-stand",
                    "sciatica:lower-trunk-rotation",
                    "sciatica:gluteus-medius-stretch-in-supine",
                ],
            ),
            (None, "standing", None, ["sciatica:hamstring-stretch-in-stand"]),
            (
                None,
                None,
                "Gluteals",
                ["sciatica:gluteus-medius-stretch-in-supine"],
            ),
            (
                "chest",
                "stretch",
                "hamstrings",
                ["sciatica:seated-hurdler-stretch"],
            ),
            ("no such words", None, None, []),
        ],
    )
    def test_search(
        self,
        text: str | None,
        tag: str | None,
        region: str | None,
        expected: list[str],
    ) -> None:
        """Search matches all words, the tag and the region given."""
        catalog = load_catalog(
            discover=False, paths=[load_catalog().packs["sciatica"].root]
        )

        found = catalog.search(text, tag=tag, region=region)

        assert expected == [qualified for qualified, _ in found]

    def test_immutable(self) -> None:
        """A catalog's packs cannot be replaced or changed."""
        catalog = load_catalog()

        with pytest.raises(TypeError):
            catalog.packs["x"] = catalog.packs["sciatica"]  # type: ignore[index]
        with pytest.raises(AttributeError):
            catalog.failures = ()  # type: ignore[misc]


class TestHeader:
    """``header`` reads Name and Version without the email parser."""

    @staticmethod
    def dist(
        tmp_path: pathlib.Path, folder: str, file: str, text: str
    ) -> importlib_metadata.PathDistribution:
        """A distribution whose metadata ``file`` holds ``text``."""
        info = tmp_path / folder
        info.mkdir()
        (info / file).write_text(text, encoding="utf-8")
        return importlib_metadata.PathDistribution(info)

    def test_metadata(self, tmp_path: pathlib.Path) -> None:
        """Name and Version come from the header lines of METADATA."""
        dist = self.dist(
            tmp_path,
            "demo-1.0.dist-info",
            "METADATA",
            "Metadata-Version: 2.1\nName: Demo-Pack\nVersion: 1.0\n",
        )

        assert ("Demo-Pack", "1.0") == (
            header(dist, "Name"),
            header(dist, "Version"),
        )

    def test_pkg_info(self, tmp_path: pathlib.Path) -> None:
        """An egg's PKG-INFO is read when there is no METADATA."""
        dist = self.dist(
            tmp_path,
            "demo.egg-info",
            "PKG-INFO",
            "Metadata-Version: 1.1\nName: demo\nVersion: 2.0\n",
        )

        assert "2.0" == header(dist, "Version")

    def test_body_ignored(self, tmp_path: pathlib.Path) -> None:
        """Lines after the first blank line are the description, not fields."""
        dist = self.dist(
            tmp_path,
            "demo-1.0.dist-info",
            "METADATA",
            "Metadata-Version: 2.1\nVersion: 1.0\n\nName: not-a-field\n",
        )

        with pytest.raises(KeyError):
            header(dist, "Name")

    def test_folded_value(self, tmp_path: pathlib.Path) -> None:
        """A folded value is left to the email parser, which unfolds it."""
        dist = self.dist(
            tmp_path,
            "demo-1.0.dist-info",
            "METADATA",
            "Metadata-Version: 2.1\nName:\n demo\nVersion: 1.0\n",
        )

        assert "demo" == header(dist, "Name").strip()
