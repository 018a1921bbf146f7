"""
Compile the interface text catalogs (``.po`` to ``.mo``) into the build.

The ``.po`` files are the source, kept in git; the ``.mo`` files are
written beside them at build time (and gitignored), then
force-included into the wheel, so a wheel built from the sdist, and an
editable install, carry them too (docs/interface-languages.md).
"""

from __future__ import annotations

import pathlib
import typing

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_LOCALE = pathlib.Path("src", "exerciselib", "locale")


class CatalogHook(BuildHookInterface):  # type: ignore[type-arg]
    """Write each ``locale/<ll>/LC_MESSAGES/<domain>.mo`` from its ``.po``."""

    PLUGIN_NAME = "custom"

    def initialize(
        self, version: str, build_data: dict[str, typing.Any]
    ) -> None:
        """Compile every catalog and add the ``.mo`` files to the wheel."""
        del version
        root = pathlib.Path(self.root)
        for po in sorted((root / _LOCALE).glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as file:
                catalog = read_po(file, locale=po.parent.parent.name)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as file:
                write_mo(file, catalog)
            inside = mo.relative_to(root / "src").as_posix()
            build_data["force_include"][str(mo)] = inside
