"""
Sphinx configuration: the Markdown pages (MyST) and the API reference.

Build with ``sphinx-build -W --keep-going -b html docs OUT`` after
``python -m pip install --group dev``.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import pkgutil
import typing

from sphinx.pycode import ModuleAnalyzer

if typing.TYPE_CHECKING:
    from sphinx.application import Sphinx

project = "exerciselib"
author = "exerciselib developers"
copyright = "2026, exerciselib developers"  # noqa: A001 -- Sphinx's name
release = importlib.metadata.version("exerciselib")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = f"exerciselib {release}"

# Links to a heading of another page, such as errors.md#problem.
myst_heading_anchors = 3

napoleon_google_docstring = True
napoleon_numpy_docstring = False

autodoc_member_order = "bysource"
# Signatures stay short; the types go into the parameter lists.
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"


def _public_attribute_docs() -> None:
    """
    Give the analyzer of ``exerciselib`` the ``#:`` comments of its names.

    Public classes set ``__module__ = "exerciselib"``, so autodoc reads
    ``exerciselib/__init__.py`` for the ``#:`` comments that document
    their fields and finds none. Copy, into that module's analyzer, the
    comments that the private modules (at any depth, so moving a module
    changes nothing here) write for the names ``exerciselib`` exports.
    """
    package = importlib.import_module("exerciselib")
    public = {name: getattr(package, name) for name in package.__all__}
    target = ModuleAnalyzer.for_module("exerciselib")
    target.analyze()
    for info in pkgutil.walk_packages(package.__path__, "exerciselib."):
        if info.name.rpartition(".")[2] == "__main__":
            continue
        module = importlib.import_module(info.name)
        analyzer = ModuleAnalyzer.for_module(info.name)
        analyzer.analyze()
        # Keys are (scope, name) and "Class.name"; module-level names
        # such as ALL_DAYS have the scope "".
        owns = {
            owner
            for owner, value in public.items()
            if getattr(module, owner, None) is value
        }
        for (scope, name), comment in analyzer.attr_docs.items():
            if (scope.partition(".")[0] or name) in owns:
                target.attr_docs.setdefault((scope, name), comment)
        for tag, order in analyzer.tagorder.items():
            if tag.partition(".")[0] in owns:
                target.tagorder.setdefault(tag, order)


def _no_inline_type(
    _app: Sphinx,
    what: str,
    _name: str,
    _obj: object,
    _options: object,
    lines: list[str],
) -> None:
    """
    Keep an attribute's first line whole, even when it holds a colon.

    Napoleon reads ``Label: text`` on the first line of an attribute or
    property docstring as ``type: description``; our types come from the
    annotations, and a colon in that line is prose. A leading colon gives
    napoleon an empty type, so the whole line stays the description.
    """
    if what in {"attribute", "property", "data"} and lines and lines[0]:
        lines[0] = f": {lines[0]}"


def setup(app: Sphinx) -> None:
    """Connect the hooks: attribute comments, then docstring fixes."""
    app.connect("builder-inited", lambda _app: _public_attribute_docs())
    # Before napoleon (priority 500) turns the docstring into reST.
    app.connect("autodoc-process-docstring", _no_inline_type, priority=400)
