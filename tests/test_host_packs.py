"""Host content built in code joins a catalog; built catalogs stay apart."""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import threading
import typing

import pytest

import exerciselib
from exerciselib import (
    Catalog,
    Credit,
    Exercise,
    InvalidValueError,
    Media,
    Pack,
    PackError,
    Routine,
    build_catalog,
    load_catalog,
    load_pack,
)
from exerciselib._packs import files

ROOT = pathlib.Path(__file__).parent.parent
SCIATICA = ROOT / "packs" / "sciatica" / "src" / "exerciselib_sciatica"


def _exercise(exercise_id: str, name: str, **extra: typing.Any) -> Exercise:
    """An exercise with one step."""
    return Exercise(
        id=exercise_id,
        name=name,
        summary=f"{name} for the clinic.",
        steps=["Follow the clinician's advice."],
        **extra,
    )


def _clinic(**extra: typing.Any) -> Pack:
    """The host's own pack: two exercises and a routine using both."""
    wall = _exercise("wall-push", "Wall push", tags=["strength"])
    calf = _exercise("calf-raise", "Calf raise", body_regions=["calves"])
    routine = Routine(
        id="morning",
        name="Morning",
        items=[wall.prescribe("2 x 10"), calf.prescribe("1 x 15")],
    )
    return Pack.from_objects(
        id="clinic",
        name="Our clinic",
        version="1.2.0",
        exercises=[wall, calf],
        routines=[routine],
        **extra,
    )


@pytest.mark.usefixtures("fresh_catalog")
class TestJoin:
    """A pack built from objects joins a catalog beside installed packs."""

    def test_found_by_search_and_lookups(self) -> None:
        """Its exercises and routine are found like an installed pack's."""
        catalog = load_catalog().with_packs(_clinic())

        assert ["clinic", "sciatica"] == list(catalog)
        assert [
            ("clinic:calf-raise", catalog.exercise("clinic:calf-raise"))
        ] == (catalog.search("calf"))
        assert ["clinic:wall-push"] == [
            qualified for qualified, _ in catalog.search(tag="strength")
        ]
        assert catalog.search(region="hamstrings")  # sciatica still there
        assert "2 Sets / 10 Reps" == str(
            catalog.routine("clinic:morning").items[0].dosage
        )

    def test_build_catalog_packs(self) -> None:
        """build_catalog(packs=...) adds them too."""
        catalog = build_catalog(discover=False, packs=[_clinic()])

        assert ["clinic"] == list(catalog)
        assert ["clinic:wall-push", "clinic:calf-raise"] == (
            catalog.exercise_ids()
        )

    def test_original_unchanged(self) -> None:
        """with_packs returns a new catalog and leaves the cached one alone."""
        catalog = load_catalog()
        catalog.with_packs(_clinic())

        assert "clinic" not in catalog
        assert "clinic" not in load_catalog()

    def test_clash(self) -> None:
        """A pack id already in the catalog is refused, naming both sources."""
        catalog = load_catalog()
        twin = Pack.from_objects(
            id="sciatica",
            name="Mine",
            version="1.0.0",
            exercises=[_exercise("a", "A")],
        )

        with pytest.raises(PackError, match="already in the catalog") as info:
            catalog.with_packs(twin)

        assert "sciatica" == info.value.pack
        assert "objects built in code" in str(info.value)
        assert "exerciselib-sciatica" in str(info.value)

    def test_not_a_pack(self) -> None:
        """Anything but a Pack is refused with the field named."""
        with pytest.raises(InvalidValueError, match="must be a Pack") as info:
            Catalog().with_packs(typing.cast("Pack", "clinic"))

        assert "packs" == info.value.field


class TestFromObjects:
    """A pack built in code is checked exactly like one read from files."""

    def test_fields(self) -> None:
        """The arguments become the pack's fields, with documented defaults."""
        pack = _clinic(credits=[Credit(name="Dr Who", role="author")])

        assert (
            "clinic",
            "Our clinic",
            "Our clinic",
            "en",
            "NOASSERTION",
            None,
            None,
            ("Dr Who",),
        ) == (
            pack.id,
            pack.name,
            pack.description,
            pack.language,
            pack.license,
            pack.root,
            pack.distribution,
            tuple(c.name for c in pack.authors),
        )
        assert ["wall-push", "calf-raise"] == list(pack.exercises)

    def test_same_errors_as_files(self, tmp_path: pathlib.Path) -> None:
        """Every fault is reported as load_pack reports it in pack.json."""
        bend = _exercise("knee-bend", "Knee bend")
        kwargs: dict[str, typing.Any] = {
            "id": "demo",
            "name": "Demo",
            "version": "one",
            "language": "english please",
            "exercises": [bend, bend],
        }
        with pytest.raises(PackError) as built:
            Pack.from_objects(**kwargs)
        manifest = {
            "format": 1,
            "id": "demo",
            "name": "Demo",
            "version": "one",
            "description": "Demo",
            "language": "english please",
            "license": "NOASSERTION",
            "credits": [],
            "requires_exerciselib": ">=0",
            "exercises": [bend.to_dict(), bend.to_dict()],
            "routines": [],
        }
        (tmp_path / "pack.json").write_text(json.dumps(manifest))
        with pytest.raises(PackError) as read:
            load_pack(tmp_path)

        assert read.value.problems == built.value.problems
        assert 2 == len(built.value.problems)

    def test_duplicate_ids(self) -> None:
        """An exercise id used twice is refused at its JSON path."""
        bend = _exercise("knee-bend", "Knee bend")

        with pytest.raises(PackError, match="used twice") as info:
            Pack.from_objects(
                id="demo", name="D", version="1.0.0", exercises=[bend, bend]
            )

        assert "$.exercises[1].id" == info.value.json_path

    def test_same_limits(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The per-pack exercise limit applies, before any validation."""
        monkeypatch.setattr(files, "MAX_EXERCISES", 1)

        with pytest.raises(PackError, match="the limit is 1") as info:
            _clinic()

        assert "$.exercises" == info.value.json_path

    def test_extension_keys(self) -> None:
        """x- keys are kept read-only; other keys are refused."""
        pack = _clinic(extensions={"x-clinic": {"room": 3}})

        assert 3 == pack.extensions["x-clinic"]["room"]  # type: ignore[index]
        with pytest.raises(PackError, match="unknown key 'clinic'"):
            _clinic(extensions={"clinic": 1})

    def test_not_an_exercise(self) -> None:
        """A routine where an exercise belongs is refused with the field."""
        routine = _clinic().routines["morning"]

        with pytest.raises(InvalidValueError, match="must be an Exercise"):
            Pack.from_objects(
                id="demo",
                name="D",
                version="1.0.0",
                exercises=[typing.cast("Exercise", routine)],
            )

    def test_media_need_root(self, tmp_path: pathlib.Path) -> None:
        """Media are looked up in root; without one they are refused."""
        picture = _exercise(
            "pic", "Pic", media=[Media(path="pic.png", alt="A picture.")]
        )
        with pytest.raises(PackError, match="pass root=") as info:
            Pack.from_objects(
                id="demo", name="D", version="1.0.0", exercises=[picture]
            )
        assert "$.exercises[0].media[0].path" == info.value.json_path

        (tmp_path / "pic.png").write_bytes(b"png")
        pack = Pack.from_objects(
            id="demo",
            name="D",
            version="1.0.0",
            exercises=[picture],
            root=tmp_path,
        )

        assert tmp_path.resolve() == pack.root

    @pytest.mark.skipif(
        os.name == "nt", reason="symbolic links need POSIX permissions"
    )
    def test_media_link_outside_root(self, tmp_path: pathlib.Path) -> None:
        """A media link leading out of root is refused at its JSON path."""
        outside = tmp_path / "secret.png"
        outside.write_bytes(b"png")
        root = tmp_path / "media"
        root.mkdir()
        (root / "pic.png").symlink_to(outside)
        picture = _exercise(
            "pic", "Pic", media=[Media(path="pic.png", alt="A picture.")]
        )

        with pytest.raises(PackError, match=r"pic\.png") as info:
            Pack.from_objects(
                id="demo",
                name="D",
                version="1.0.0",
                exercises=[picture],
                root=root,
            )

        assert "$.exercises[0].media[0].path" == info.value.json_path

    def test_root_not_a_folder(self, tmp_path: pathlib.Path) -> None:
        """A root that is a file is refused, saying a folder is needed."""
        file = tmp_path / "pic.png"
        file.write_bytes(b"png")

        with pytest.raises(PackError, match="is not a folder") as info:
            Pack.from_objects(id="demo", name="D", version="1.0.0", root=file)

        assert "$" == info.value.json_path

    @pytest.mark.skipif(
        not pathlib.Path("/proc/self/fd").is_dir(),
        reason="counting open files needs /proc (Linux)",
    )
    def test_root_closed_after(self, tmp_path: pathlib.Path) -> None:
        """The media folder is held only while the pack is built."""
        (tmp_path / "pic.png").write_bytes(b"png")
        picture = _exercise(
            "pic", "Pic", media=[Media(path="pic.png", alt="A picture.")]
        )
        before = _open_files()

        for _ in range(3):
            Pack.from_objects(
                id="demo",
                name="D",
                version="1.0.0",
                exercises=[picture],
                root=tmp_path,
            )

        assert before == _open_files()

    @pytest.mark.parametrize("with_root", [False, True])
    def test_pickles(self, tmp_path: pathlib.Path, with_root: bool) -> None:
        """A pack built from objects round-trips through pickle."""
        pack = _clinic(
            extensions={"x-clinic": {"rooms": [1, {"a": None}]}},
            root=tmp_path if with_root else None,
        )

        copy = pickle.loads(pickle.dumps(pack))  # noqa: S301 -- our own data

        assert pack == copy
        assert copy.root == (tmp_path.resolve() if with_root else None)
        assert pack.routine("morning") == copy.routine("morning")


def _open_files() -> int:
    """How many files this process has open (Linux)."""
    return sum(1 for _ in pathlib.Path("/proc/self/fd").iterdir())


@pytest.mark.usefixtures("fresh_catalog")
class TestIsolated:
    """build_catalog makes a new catalog sharing nothing with the others."""

    def test_side_by_side(self) -> None:
        """Two catalogs with different settings do not affect each other."""
        plain = build_catalog(discover=False, paths=[SCIATICA])
        blocked = build_catalog(blocked=["sciatica"], packs=[_clinic()])
        again = build_catalog(discover=False, paths=[SCIATICA])

        assert ["sciatica"] == list(plain)
        assert ["clinic"] == list(blocked)
        assert ["sciatica"] == list(again)
        assert plain is not again

    def test_not_cached(self) -> None:
        """Neither reads nor fills load_catalog's cache."""
        cached = load_catalog()
        built = build_catalog()

        assert built is not cached
        assert built == cached
        assert load_catalog() is cached

    def test_ignores_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The EXERCISELIB_* variables count only with environment=True."""
        monkeypatch.setenv("EXERCISELIB_NO_DISCOVERY", "1")
        monkeypatch.setenv("EXERCISELIB_BLOCKED_PACKS", "clinic")

        assert "sciatica" in build_catalog()
        assert "sciatica" not in build_catalog(environment=True)
        assert "sciatica" not in load_catalog()

    def test_environment_strict(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
    ) -> None:
        """Strict mode comes from the argument, or from the environment."""
        (tmp_path / "pack.json").write_text("{}")
        monkeypatch.setenv("EXERCISELIB_STRICT_PACKS", "1")

        assert 1 == len(
            build_catalog(discover=False, paths=[tmp_path]).failures
        )
        with pytest.raises(PackError):
            build_catalog(discover=False, paths=[tmp_path], environment=True)
        with pytest.raises(PackError):
            build_catalog(discover=False, paths=[tmp_path], strict=True)

    def test_threads(self) -> None:
        """Catalogs built at once in threads each get their own settings."""
        results: dict[int, list[str]] = {}

        def build(index: int) -> None:
            blocked = ["sciatica"] if index % 2 else []
            results[index] = list(build_catalog(blocked=blocked))

        threads = [threading.Thread(target=build, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert {i: [] if i % 2 else ["sciatica"] for i in range(6)} == results


def test_public_names() -> None:
    """The names a host app uses are public."""
    assert {"build_catalog", "Pack"} <= set(exerciselib.__all__)
