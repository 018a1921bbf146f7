"""
Loading the catalog: discovery, dependency order, failures and the cache.

:func:`load_catalog` discovers packs (see :mod:`exerciselib._packs.discovery`),
reads each one, orders them by their dependencies and resolves routines
across packs. A pack that fails in any way becomes a
:class:`PackLoadFailure` in :attr:`Catalog.failures` and every other pack
still loads; strict mode raises :class:`PackError` instead. The result is
memoised in memory per argument set until :func:`refresh_catalog`;
nothing is cached on disk.
"""

from __future__ import annotations

import heapq
import os
import pathlib
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
    from collections.abc import Iterable, Mapping

    from exerciselib._packs.discovery import Claimant

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
        The catalog of loaded packs, with failures in ``failures``.

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
    if strict and catalog.failures:
        raise _strict_error(catalog.failures)
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
    # Every claimant of an id offered more than once, by id.
    claims: dict[str, list[Claimant]] = {}
    # Discovery needs importlib_metadata, imported only when used.
    from exerciselib._packs.discovery import Claimant, discover  # noqa: PLC0415 -- lazy: start-up time

    if settings.discover:
        found, failed, clashes = discover(settings.blocked)
        failures += failed
        claims.update(clashes)
        sources += [(s.pack, s.distribution, s.root) for s in found]
    sources += _folder_sources(settings.paths, failures)
    offers: dict[str, list[tuple[Claimant, PackDraft]]] = {}
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
        claimant = (
            Claimant(
                description=f"distribution {distribution}",
                distribution=distribution,
            )
            if distribution
            else Claimant(description=f"folder {root}", distribution=str(root))
        )
        offers.setdefault(draft.id, []).append((claimant, draft))
    drafts: dict[str, PackDraft] = {}
    for pack_id, offered in offers.items():
        if len(offered) == 1 and pack_id not in claims:
            drafts[pack_id] = offered[0][1]
        else:
            claims.setdefault(pack_id, []).extend(c for c, _ in offered)
    failures += [
        _clash(pack_id, claims[pack_id]) for pack_id in sorted(claims)
    ]
    failed_ids = {e.pack for e in failures if e.pack is not None}
    packs = _resolve(drafts, failed_ids, settings.blocked, failures)
    return Catalog(
        packs=dict(sorted(packs.items())),
        failures=tuple(PackLoadFailure.from_error(e) for e in failures),
    )


def _folder_sources(
    paths: Iterable[str], failures: list[PackError]
) -> list[tuple[str | None, str | None, pathlib.Path]]:
    """
    The pack folders at ``paths`` (pack folders or projects).

    One folder given twice (however spelled, or once as itself and once
    through its project) is one pack, not a clash.
    """
    folders: dict[str, str | None] = {}
    for path in paths:
        try:
            given = pack_folders(path)
        except PackError as error:
            failures.append(error)
            continue
        for each in given:
            folders.setdefault(os.path.realpath(each.folder), each.name)
    return [(name, None, pathlib.Path(real)) for real, name in folders.items()]


def _clash(pack_id: str, claimants: list[Claimant]) -> PackError:
    """One error naming every source that offers ``pack_id``."""
    offered = " and ".join(c.description for c in claimants)
    msg = (
        f"Pack id {pack_id!r} is offered by {len(claimants)} sources: "
        f"{offered}. None of them is loaded: uninstall or remove all but "
        "one, or block the id."
    )
    names = ", ".join(sorted(c.distribution for c in claimants))
    return PackError(msg, pack=pack_id, distribution=names)


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
    """
    Finish packs in dependency order; record every pack that cannot.

    A topological sort (Kahn's): each pack is finished once every pack it
    depends on is finished or failed, in id order among those ready, so
    the work grows with the number of packs and dependencies.
    """
    packs: dict[str, Pack] = {}
    pending = dict(drafts)
    waiting: dict[str, int] = {}
    dependents: dict[str, list[str]] = {}
    for pack_id, draft in pending.items():
        inside = {d for d in draft.dependencies if d in pending}
        waiting[pack_id] = len(inside)
        for dependency in inside:
            dependents.setdefault(dependency, []).append(pack_id)
    ready = [pack_id for pack_id, count in waiting.items() if not count]
    heapq.heapify(ready)
    while ready:
        pack_id = heapq.heappop(ready)
        draft = pending.pop(pack_id)
        problem = _missing_dependency(draft, pending, packs, failed, blocked)
        if problem is not None:
            failures.append(_dependency_error(draft, *problem))
        else:
            try:
                packs[pack_id] = finish_pack(draft, packs)
            except PackError as error:
                failures.append(error)
        if pack_id not in packs:
            failed.add(pack_id)
        for dependent in dependents.get(pack_id, ()):
            waiting[dependent] -= 1
            if not waiting[dependent]:
                heapq.heappush(ready, dependent)
    if pending:
        _cycles(dict(sorted(pending.items())), failed, failures)
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


#: The most packs of a cycle an error names; a longer one is cut short.
_SHOWN_CYCLE = 8


def _cycles(
    pending: dict[str, PackDraft],
    failed: set[str],
    failures: list[PackError],
) -> None:
    """
    Every pack left waits on a cycle: name the cycle for each.

    Each pack is followed to its first dependency still waiting; those
    links form rings with tails leading into them. Each pack is visited
    once, so the work is linear in the number of packs.
    """

    def following(pack_id: str) -> str:
        return next(d for d in pending[pack_id].dependencies if d in pending)

    # Each pack's cycle, as the ring and the place it is entered from.
    reached: dict[str, tuple[tuple[str, ...], int]] = {}
    for start in pending:
        walk: dict[str, int] = {}
        current = start
        while current not in reached and current not in walk:
            walk[current] = len(walk)
            current = following(current)
        path = list(walk)
        if current in walk:  # a new ring, entered at ``current``
            ring = tuple(path[walk[current] :])
            for offset, member in enumerate(ring):
                reached[member] = (ring, offset)
            path = path[: walk[current]]
        for member in path:
            reached[member] = reached[current]
    for pack_id, draft in pending.items():
        ring, offset = reached[pack_id]
        why = (
            "and the packs form a dependency cycle: "
            f"{_cycle_text(ring, offset)}"
        )
        failures.append(_dependency_error(draft, following(pack_id), why))
        failed.add(pack_id)


def _cycle_text(ring: tuple[str, ...], offset: int) -> str:
    """``a -> b -> a``, cut short with the count for a long cycle."""
    shown = [
        ring[(offset + n) % len(ring)]
        for n in range(min(len(ring), _SHOWN_CYCLE))
    ]
    if len(ring) > _SHOWN_CYCLE:
        return f"{' -> '.join(shown)} -> ... -> {shown[0]} ({len(ring)} packs)"
    return " -> ".join([*shown, shown[0]])


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
    if strict and catalog.failures:
        raise _strict_error(catalog.failures)
    return catalog.with_packs(*packs)
