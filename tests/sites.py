"""
Installed distributions for discovery tests, laid out as pip does.

A :class:`Site` is a temporary site-packages folder: each distribution
gets a real ``NAME-VERSION.dist-info`` folder (METADATA,
entry_points.txt, RECORD) beside its package folders, so
``importlib_metadata`` finds it once the folder is on ``sys.path``.
Every package's ``__init__.py`` is a trap that records being imported.
"""

from __future__ import annotations

import json
import typing

if typing.TYPE_CHECKING:
    import pathlib

#: A package whose import would be noticed: it raises, and leaves a mark.
TRAP = """\
import pathlib
pathlib.Path(__file__).with_name("IMPORTED").write_text("yes")
raise RuntimeError("a pack's code was imported")
"""

#: A package whose import would print, to stdout and stderr, then raise.
LOUD_TRAP = """\
import pathlib, sys
pathlib.Path(__file__).with_name("IMPORTED").write_text("yes")
print("PACK CODE RAN")
print("PACK CODE RAN", file=sys.stderr)
raise SystemExit(3)
"""


def manifest(
    pack_id: str,
    *,
    dependencies: typing.Sequence[str] = (),
    uses: typing.Sequence[str] = (),
    exercise: str = "reach",
    **extra: object,
) -> dict[str, object]:
    """Return a valid manifest; its routine uses ``uses`` as well."""
    items = [{"exercise": exercise}, *({"exercise": ref} for ref in uses)]
    data: dict[str, object] = {
        "format": 1,
        "id": pack_id,
        "name": f"Pack {pack_id}",
        "version": "1.0.0",
        "description": "A pack installed for a test.",
        "language": "en",
        "license": "CC0-1.0",
        "credits": [],
        "requires_exerciselib": ">=0.1",
        "dependencies": list(dependencies),
        "exercises": [
            {
                "id": exercise,
                "name": exercise.capitalize(),
                "summary": "Reach up.",
                "steps": ["Stand tall.", "Reach up with both arms."],
                "tags": ["stretch"],
                "body_regions": ["shoulder"],
            }
        ],
        "routines": [{"id": "daily", "name": "Daily", "items": items}],
    }
    data.update(extra)
    return data


class Site:
    """A temporary site-packages folder on ``sys.path``."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def install(
        self,
        dist: str,
        entry_points: dict[str, str],
        packages: dict[str, object | None],
        *,
        version: str = "1.0.0",
        record_packages: bool = True,
        init: str = TRAP,
    ) -> pathlib.Path:
        """
        Install distribution ``dist`` offering ``entry_points``.

        ``packages`` maps a package path (``a/b``) to its manifest data,
        or to ``None`` for a package without pack data. Each package's
        ``__init__.py`` is ``init``, by default a trap that records being
        imported. Returns the ``.dist-info`` folder.
        """
        files: list[str] = []
        for package, data in packages.items():
            folder = self.root / package
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "__init__.py").write_text(init, encoding="utf-8")
            files.append(f"{package}/__init__.py")
            if data is not None:
                text = json.dumps(data) if not isinstance(data, str) else data
                (folder / "pack.json").write_text(text, encoding="utf-8")
                files.append(f"{package}/pack.json")
        info_name = f"{dist.replace('-', '_')}-{version}.dist-info"
        info = self.root / info_name
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n",
            encoding="utf-8",
        )
        lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
        (info / "entry_points.txt").write_text(
            f"[exerciselib.packs]\n{lines}", encoding="utf-8"
        )
        recorded = files if record_packages else []
        record = [
            *recorded,
            f"{info_name}/METADATA",
            f"{info_name}/entry_points.txt",
            f"{info_name}/RECORD",
        ]
        (info / "RECORD").write_text(
            "".join(f"{line},,\n" for line in record), encoding="utf-8"
        )
        return info

    def install_editable(
        self, dist: str, entry_points: dict[str, str], source: pathlib.Path
    ) -> pathlib.Path:
        """
        Install ``dist`` as an editable install of the folder ``source``.

        As pip does for an editable install: the ``.dist-info`` records
        only a ``.pth`` file, which adds ``source`` to ``sys.path`` (the
        caller prepends ``source`` itself, as ``site`` would).
        """
        pth = f"__editable__.{dist.replace('-', '_')}-1.0.0.pth"
        (self.root / pth).write_text(f"{source}\n", encoding="utf-8")
        info = self.install(dist, entry_points, {}, record_packages=False)
        with (info / "RECORD").open("a", encoding="utf-8") as record:
            record.write(f"{pth},,\n")
        return info

    def imported(self) -> list[str]:
        """The trap packages that were imported."""
        return sorted(
            str(p.parent.relative_to(self.root))
            for p in self.root.rglob("IMPORTED")
        )
