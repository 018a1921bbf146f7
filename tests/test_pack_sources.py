"""
Tests that packs are read from where their distribution says, completely.

A file holding just ``null`` is a problem, not an empty file to skip;
``validate PROJECT`` looks only inside the project; an editable install
is located from the distribution's records, not the current directory.
"""

from __future__ import annotations

import io
import json
import pathlib
import shutil

import pytest
from tests.sites import Site, manifest

from exerciselib import PackError, cli, load_catalog, load_pack

SCIATICA = (
    pathlib.Path(__file__).parents[1]
    / "packs"
    / "sciatica"
    / "src"
    / "exerciselib_sciatica"
)


@pytest.fixture
def sciatica(tmp_path: pathlib.Path) -> pathlib.Path:
    """Return a writable copy of the sciatica pack."""
    return pathlib.Path(shutil.copytree(SCIATICA, tmp_path / "sciatica"))


class TestNullFiles:
    """A file holding just null is refused, never skipped."""

    @pytest.mark.parametrize(
        ("relative", "json_path"),
        [
            ("exercises/lower-trunk-rotation.json", "$"),
            ("routines/sciatica-relief.json", "$"),
        ],
    )
    def test_null_file(
        self, sciatica: pathlib.Path, relative: str, json_path: str
    ) -> None:
        """An exercise or routine file holding null fails the load."""
        (sciatica / relative).write_text("null", encoding="utf-8")

        with pytest.raises(PackError) as info:
            load_pack(sciatica)

        assert (relative, json_path) == (info.value.file, info.value.json_path)
        assert "not of type 'object'" in str(info.value)

    def test_null_manifest(self, sciatica: pathlib.Path) -> None:
        """A manifest holding null says it must be an object."""
        (sciatica / "pack.json").write_text("null", encoding="utf-8")

        with pytest.raises(PackError) as info:
            load_pack(sciatica)

        assert "must be a JSON object, not null" in str(info.value)

    def test_validate_counts_every_file(self, sciatica: pathlib.Path) -> None:
        """Validation reports a null exercise file instead of a short count."""
        (sciatica / "exercises" / "lower-trunk-rotation.json").write_text(
            "null", encoding="utf-8"
        )
        out, err = io.StringIO(), io.StringIO()

        code = cli.run(["validate", str(sciatica)], stdout=out, stderr=err)

        assert 1 == code
        assert "ok" not in out.getvalue()
        assert "lower-trunk-rotation.json:$:" in out.getvalue()


def project(base: pathlib.Path, value: str) -> pathlib.Path:
    """A pack project whose entry point names ``value``."""
    folder = base / "project"
    folder.mkdir()
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "p"\nversion = "1"\n'
        '[project.entry-points."exerciselib.packs"]\n'
        f"demo = {json.dumps(value)}\n",
        encoding="utf-8",
    )
    return folder


class TestValidateProject:
    """validate PROJECT reads only packages inside the project."""

    @pytest.mark.parametrize(
        "value", ["/OUTSIDE", "x/../../other", "..", "x.y/../../other"]
    )
    def test_value_leaving_project(
        self, tmp_path: pathlib.Path, sciatica: pathlib.Path, value: str
    ) -> None:
        """An entry-point value that is not a package name is refused."""
        value = value.replace("/OUTSIDE", str(sciatica))
        (tmp_path / "other").symlink_to(sciatica)
        folder = project(tmp_path, value)
        out, err = io.StringIO(), io.StringIO()

        code = cli.run(
            ["validate", str(folder), "--format", "json"],
            stdout=out,
            stderr=err,
        )

        [result] = json.loads(out.getvalue())
        assert 1 == code
        assert not result["ok"]
        assert "package name" in result["problems"][0]["message"]


@pytest.mark.usefixtures("fresh_catalog")
class TestEditableInstall:
    """An editable install is located from its records, not the cwd."""

    def test_planted_copy_in_current_directory(
        self,
        site: Site,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A same-named package in the working directory is not loaded."""
        source = Site(tmp_path / "src")
        source.install("unused", {}, {"edit_pack": manifest("edit")})
        site.install_editable("edit-pack", {"edit": "edit_pack"}, source.root)
        planted = tmp_path / "cwd"
        Site(planted).install(
            "unused", {}, {"edit_pack": manifest("edit", name="PLANTED")}
        )
        monkeypatch.syspath_prepend(str(source.root))
        monkeypatch.chdir(planted)
        # As ``python -m exerciselib`` does: the working directory first.
        monkeypatch.syspath_prepend(str(pathlib.Path.cwd()))

        catalog = load_catalog()

        assert source.root / "edit_pack" == catalog.packs["edit"].root
        assert "PLANTED" != catalog.packs["edit"].name

    def test_setuptools_finder_mapping(
        self,
        site: Site,
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A setuptools editable finder's MAPPING locates the package."""
        source = Site(tmp_path / "src")
        source.install("unused", {}, {"map_pack": manifest("map")})
        info = site.install("map-pack", {"map": "map_pack"}, {})
        finder = "__editable___map_pack_1_0_0_finder.py"
        mapping = {"map_pack": str(source.root / "map_pack")}
        (site.root / finder).write_text(
            f"import sys\nMAPPING: dict[str, str] = {mapping!r}\n",
            encoding="utf-8",
        )
        with (info / "RECORD").open("a", encoding="utf-8") as record:
            record.write(f"{finder},,\n")
        planted = tmp_path / "cwd"
        Site(planted).install(
            "unused", {}, {"map_pack": manifest("map", name="PLANTED")}
        )
        monkeypatch.chdir(planted)
        monkeypatch.syspath_prepend(str(pathlib.Path.cwd()))

        catalog = load_catalog()

        assert source.root / "map_pack" == catalog.packs["map"].root
