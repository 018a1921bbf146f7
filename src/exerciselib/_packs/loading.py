"""
Loading the catalog: discovery, dependency order, failures and the cache.

:func:`load_catalog` discovers packs (see :mod:`exerciselib._packs.discovery`),
reads each one, orders them by their dependencies and resolves routines
across packs. A pack that fails in any way becomes a
:class:`PackLoadFailure` in :attr:`Catalog.errors` and every other pack
still loads; strict mode raises :class:`PackError` instead. The result is
memoised in memory per argument set until :func:`refresh_catalog`;
nothing is cached on disk.
"""

from __future__ import annotations

import os
import threading
import typing

import attrs

from exerciselib._packs.catalog import Catalog, PackLoadFailure
from exerciselib._packs.files import MANIFEST
from exerciselib._packs.pack import Pack, finish_pack
from exerciselib._packs.project import pack_folders
from exerciselib._packs.reader import (
    PackDraft,
    pack_error,
    read_pack,
)
from exerciselib.exceptions import PackError, Problem

if typing.TYPE_CHECKING:
    import pathlib
    from collections.abc import Iterable, Mapping

__all__ = [
    "ENV_BLOCKED",
    "ENV_NO_DISCOVERY",
    "ENV_STRICT",
    "build_catalog",
    "load_catalog",
    "refresh_catalog",
]

#: Set to ``1`` to turn automatic discovery of installed packs off.
ENV_NO_DISCOVERY = "EXERCISELIB_NO_DISCOVERY"
#: Comma-separated pack ids never to load, added to ``blocked=``.
ENV_BLOCKED = "EXERCISELIB_BLOCKED_PACKS"
#: Set to ``1`` to raise :class:`PackError` instead of collecting errors.
ENV_STRICT = "EXERCISELIB_STRICT_PACKS"

_TRUE = frozenset({"1", "true", "yes", "on"})


@attrs.frozen
class _Settings:
    discover: bool
    blocked: frozenset[str]
    paths: tuple[str, ...]


_CACHE: dict[_Settings, Catalog] = {}
_LOCK = threading.Lock()


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def load_catalog(
    *,
    discover: bool | None = None,
    blocked: Iterable[str] = (),
    strict: bool | None = None,
    paths: Iterable[str | os.PathLike[str]] = (),
    refresh: bool = False,
) -> Catalog:
    """
    Load every installed content pack into a :class:`Catalog`.

    Packs are found through the ``exerciselib.packs`` entry points of the
    installed distributions and read as data: no pack code is imported
    or run, and nothing is written. The catalog is built once per process
    for each set of arguments (and environment values) and then reused.

    Args:
        discover: Look for installed packs. ``None`` means yes, unless
            the environment variable ``EXERCISELIB_NO_DISCOVERY`` is
            ``1``.
        blocked: Pack ids never to load, added to those listed, comma
            separated, in ``EXERCISELIB_BLOCKED_PACKS``.
        strict: Raise instead of collecting failures. ``None`` means no,
            unless ``EXERCISELIB_STRICT_PACKS`` is ``1``.
        paths: Pack folders to load as well, such as packs bundled with
            the host app (their distribution is ``None``).
        refresh: Forget every catalog built so far and build anew.

    Returns:
        The catalog of loaded packs, with failures in ``errors``.

    Raises:
        PackError: In strict mode, when any pack fails; with several
            failures the message lists them all.

    .. versionadded:: 0.1.0
    """
    if discover is None:
        discover = not _env_flag(ENV_NO_DISCOVERY)
    if strict is None:
        strict = _env_flag(ENV_STRICT)
    env_blocked = os.environ.get(ENV_BLOCKED, "").split(",")
    settings = _Settings(
        discover=discover,
        blocked=frozenset(
            name.strip() for name in [*blocked, *env_blocked] if name.strip()
        ),
        paths=tuple(os.fspath(path) for path in paths),
    )
    with _LOCK:
        if refresh:
            _CACHE.clear()
        catalog = _CACHE.get(settings)
        if catalog is None:
            catalog = _build(settings)
            _CACHE[settings] = catalog
    if strict and catalog.errors:
        raise _strict_error(catalog.errors)
    return catalog


def refresh_catalog() -> None:
    """
    Forget every catalog built so far; the next load reads packs anew.

    .. versionadded:: 0.1.0
    """
    with _LOCK:
        _CACHE.clear()


def _strict_error(failures: tuple[PackLoadFailure, ...]) -> PackError:
    if len(failures) == 1:
        return failures[0].error
    reasons = "\n".join(f.reason for f in failures)
    msg = f"{len(failures)} packs failed to load:\n{reasons}"
    problems = [p for f in failures for p in f.error.problems]
    first = failures[0]
    return PackError(
        msg,
        pack=first.pack,
        distribution=first.distribution,
        file=first.file,
        json_path=first.json_path,
        problems=problems,
    )


def _build(settings: _Settings) -> Catalog:
    failures: list[PackError] = []
    sources: list[tuple[str | None, str | None, pathlib.Path]] = []
    if settings.discover:
        from exerciselib._packs.discovery import discover  # noqa: PLC0415 -- lazy: start-up time

        found, failed = discover(settings.blocked)
        failures += failed
        sources += [(s.pack, s.distribution, s.root) for s in found]
    for path in settings.paths:
        try:
            folders = pack_folders(path)
        except PackError as error:
            failures.append(error)
            continue
        sources += [(found.name, None, found.folder) for found in folders]
    drafts: dict[str, PackDraft] = {}
    origins: dict[str, str] = {}
    for expected, distribution, root in sources:
        try:
            draft = read_pack(
                root, expected_id=expected, distribution=distribution
            )
        except PackError as error:
            # A blocked pack is not reported, even when it cannot be read.
            if error.pack not in settings.blocked:
                failures.append(error)
            continue
        if draft.id in settings.blocked:
            continue
        origin = distribution or str(root)
        if draft.id in drafts:
            failures.append(_clash(draft.id, origins[draft.id], origin))
            del drafts[draft.id]
            continue
        drafts[draft.id] = draft
        origins[draft.id] = origin
    failed_ids = {e.pack for e in failures if e.pack is not None}
    packs = _resolve(drafts, failed_ids, settings.blocked, failures)
    return Catalog(
        packs=dict(sorted(packs.items())),
        errors=tuple(PackLoadFailure.from_error(e) for e in failures),
    )


def _clash(pack_id: str, first: str, second: str) -> PackError:
    msg = (
        f"Pack id {pack_id!r} is offered by both {first} and {second}. "
        "Neither is loaded; remove one or block the id."
    )
    return PackError(msg, pack=pack_id, distribution=f"{first}, {second}")


def _dependency_error(
    draft: PackDraft, dependency: str, why: str
) -> PackError:
    index = draft.dependencies.index(dependency)
    problem = Problem(
        json_path=f"$.dependencies[{index}]",
        message=f"depends on pack {dependency!r}, {why}",
        file=MANIFEST,
    )
    return pack_error(
        [problem],
        pack=draft.id,
        root=draft.fields["root"],
        distribution=draft.fields["distribution"],
    )


def _resolve(
    drafts: dict[str, PackDraft],
    failed: set[str],
    blocked: frozenset[str],
    failures: list[PackError],
) -> dict[str, Pack]:
    """Finish packs in dependency order; record every pack that cannot."""
    packs: dict[str, Pack] = {}
    pending = dict(sorted(drafts.items()))
    while pending:
        progressed = False
        for pack_id, draft in list(pending.items()):
            problem = _missing_dependency(
                draft, pending, packs, failed, blocked
            )
            if problem is not None:
                failures.append(_dependency_error(draft, *problem))
            elif any(dep in pending for dep in draft.dependencies):
                continue
            else:
                try:
                    packs[pack_id] = finish_pack(draft, packs)
                except PackError as error:
                    failures.append(error)
            if pack_id not in packs:
                failed.add(pack_id)
            del pending[pack_id]
            progressed = True
        if not progressed:
            _cycles(pending, failed, failures)
            break
    return packs


def _missing_dependency(
    draft: PackDraft,
    pending: Mapping[str, PackDraft],
    packs: Mapping[str, Pack],
    failed: set[str],
    blocked: frozenset[str],
) -> tuple[str, str] | None:
    for dependency in draft.dependencies:
        if dependency in packs or dependency in pending:
            continue
        if dependency in blocked:
            return (
                dependency,
                "which is blocked; unblock it or block this pack",
            )
        if dependency in failed:
            return dependency, "which failed to load (see its own error)"
        return (
            dependency,
            "which is not installed; install the pack that provides it",
        )
    return None


def _cycles(
    pending: dict[str, PackDraft],
    failed: set[str],
    failures: list[PackError],
) -> None:
    """Every pack left waits on a cycle: name the cycle for each."""
    for pack_id, draft in pending.items():
        path = [pack_id]
        current = draft
        while True:
            following = next(d for d in current.dependencies if d in pending)
            if following in path:
                cycle = [*path[path.index(following) :], following]
                break
            path.append(following)
            current = pending[following]
        first = next(d for d in draft.dependencies if d in pending)
        why = f"and the packs form a dependency cycle: {' -> '.join(cycle)}"
        failures.append(_dependency_error(draft, first, why))
        failed.add(pack_id)


def build_catalog(
    *,
    discover: bool = True,
    blocked: Iterable[str] = (),
    strict: bool = False,
    paths: Iterable[str | os.PathLike[str]] = (),
    packs: Iterable[Pack] = (),
    environment: bool = False,
) -> Catalog:
    """
    Build a new catalog now, sharing nothing with any other.

    Unlike :func:`load_catalog`, the catalog is neither taken from nor
    put in the process's cache, and by default the ``EXERCISELIB_*``
    environment variables are not read: only the arguments count. A
    multi-tenant server builds one per tenant; a test builds one per
    test. The packs are read from disk on every call.

    Args:
        discover: Look for installed packs through entry points.
        blocked: Pack ids never to load.
        strict: Raise instead of collecting failures.
        paths: Pack folders to load as well.
        packs: Packs already built (:meth:`Pack.from_objects`,
            :func:`load_pack`) to add, as :meth:`Catalog.with_packs`.
        environment: Also apply the environment variables, as
            :func:`load_catalog` does: ``EXERCISELIB_NO_DISCOVERY`` turns
            discovery off, ``EXERCISELIB_BLOCKED_PACKS`` adds blocked
            ids and ``EXERCISELIB_STRICT_PACKS`` turns strict mode on.

    Returns:
        A new catalog.

    Raises:
        PackError: In strict mode, when any pack fails; or when a pack in
            ``packs`` has the id of a loaded pack.

    .. versionadded:: 0.2.0
    """
    blocked = list(blocked)
    if environment:
        discover = discover and not _env_flag(ENV_NO_DISCOVERY)
        strict = strict or _env_flag(ENV_STRICT)
        blocked += os.environ.get(ENV_BLOCKED, "").split(",")
    settings = _Settings(
        discover=discover,
        blocked=frozenset(name.strip() for name in blocked if name.strip()),
        paths=tuple(os.fspath(path) for path in paths),
    )
    catalog = _build(settings)
    if strict and catalog.errors:
        raise _strict_error(catalog.errors)
    return catalog.with_packs(*packs)
