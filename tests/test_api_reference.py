"""docs/api.md documents every public name, by its public name."""

from __future__ import annotations

import pathlib
import re

import exerciselib
from exerciselib import exceptions

API = pathlib.Path(__file__).parent.parent / "docs" / "api.md"

#: An autodoc directive and the dotted name it documents.
_DIRECTIVE = re.compile(
    r"^\.\. auto(?:class|exception|function|data|module):: (?P<name>\S+)$",
    re.MULTILINE,
)


def documented() -> list[str]:
    """Return the names docs/api.md passes to autodoc, in order."""
    return _DIRECTIVE.findall(API.read_text(encoding="utf-8"))


class TestApiReference:
    """The reference covers the public API and only through public names."""

    def test_every_public_name(self) -> None:
        """Each name in exerciselib.__all__ has exactly one entry."""
        names = documented()

        expected = sorted(
            f"exerciselib.{name}" for name in exerciselib.__all__
        )

        assert expected == sorted(
            name for name in names if name != "exerciselib.exceptions"
        )

    def test_exceptions_module(self) -> None:
        """The exceptions module is documented, and so is each of its names."""
        names = set(documented())

        assert "exerciselib.exceptions" in names
        for name in exceptions.__all__:
            assert getattr(exceptions, name) is getattr(exerciselib, name)
            assert f"exerciselib.{name}" in names

    def test_no_private_paths(self) -> None:
        """No entry names a private module, so moving one breaks nothing."""
        private = [
            name
            for name in documented()
            if any(part.startswith("_") for part in name.split("."))
        ]

        assert [] == private

    def test_entries_have_link_targets(self) -> None:
        """Each entry has an ``api-<name>`` target for the other pages."""
        text = API.read_text(encoding="utf-8")
        missing = [
            name
            for name in exerciselib.__all__
            if f".. _api-{name.lower().replace('_', '-')}:" not in text
        ]

        assert [] == missing
