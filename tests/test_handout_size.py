"""
Tests that a handout's size is bounded whatever its pictures.

Each picture file is embedded once per page, however many times the
routine shows it, and the pictures of one page together stay under
``MAX_PAGE_MEDIA_BYTES``; past it, pictures are shown by their alt text.
"""

from __future__ import annotations

import base64
import pathlib  # noqa: TC003 -- fixtures are typed at runtime

import pytest  # noqa: TC002 -- fixtures are typed at runtime

from exerciselib import Exercise, Media, Routine, to_html
from exerciselib._export import handout

#: Not a real picture: the handout never decodes what it embeds.
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 400  # about 100 kB


def routine(items: int, names: int, paths: list[str]) -> Routine:
    """``items`` items of one exercise naming its pictures ``names`` times."""
    media = [
        Media(path=paths[n % len(paths)], alt=f"View {n}")
        for n in range(names)
    ]
    exercise = Exercise(
        id="x", name="X", summary="X.", steps=["Do it."], media=media
    )
    return Routine(id="r", name="R", items=[exercise.prescribe("1x1")] * items)


def encoded(data: bytes) -> str:
    """The base64 text of ``data``, as a data: URI embeds it."""
    return base64.b64encode(data).decode("ascii")


class TestPicturesOnce:
    """A picture named many times is embedded once."""

    def test_one_picture_many_times(self, tmp_path: pathlib.Path) -> None:
        """Ten names in each of 20 items embed the picture's bytes once."""
        (tmp_path / "big.png").write_bytes(PICTURE)

        page = to_html(routine(20, 10, ["big.png"]), media_root=tmp_path)

        assert 1 == page.count(encoded(PICTURE))
        assert len(page) < 2 * len(encoded(PICTURE))
        assert 200 == page.count('role="img"')
        assert 'aria-label="View 9"' in page

    def test_two_names_for_one_file(self, tmp_path: pathlib.Path) -> None:
        """Two paths leading to one file embed it once."""
        (tmp_path / "big.png").write_bytes(PICTURE)
        (tmp_path / "same.png").symlink_to(tmp_path / "big.png")

        page = to_html(
            routine(2, 2, ["big.png", "same.png"]), media_root=tmp_path
        )

        assert 1 == page.count(encoded(PICTURE))

    def test_distinct_pictures_each_once(self, tmp_path: pathlib.Path) -> None:
        """Different pictures are each embedded, once."""
        (tmp_path / "a.png").write_bytes(PICTURE)
        (tmp_path / "b.png").write_bytes(PICTURE[::-1])

        page = to_html(routine(3, 4, ["a.png", "b.png"]), media_root=tmp_path)

        assert 1 == page.count(encoded(PICTURE))
        assert 1 == page.count(encoded(PICTURE[::-1]))


class TestPageLimit:
    """The pictures of one page stay under MAX_PAGE_MEDIA_BYTES."""

    def test_limit_value(self) -> None:
        """The documented limit: 20 MiB of pictures per page."""
        assert 20 * 1024 * 1024 == handout.MAX_PAGE_MEDIA_BYTES

    def test_past_the_limit_alt_text(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Pictures past the page's budget are shown by their alt text."""
        monkeypatch.setattr(
            handout, "MAX_PAGE_MEDIA_BYTES", len(PICTURE) * 2 + 10
        )
        names = [f"p{n}.png" for n in range(4)]
        for number, name in enumerate(names):
            (tmp_path / name).write_bytes(PICTURE + bytes([number]))

        page = to_html(routine(1, 4, names), media_root=tmp_path)

        assert 2 == page.count(encoded(PICTURE[:3000]))
        assert "Picture: View 2" in page
        assert "Picture: View 3" in page


def _two_packs(tmp_path: pathlib.Path) -> dict[str, pathlib.Path]:
    """Two pack folders, each holding its own pic.png."""
    roots = {"a": tmp_path / "a", "b": tmp_path / "b"}
    for number, root in enumerate(roots.values()):
        root.mkdir()
        (root / "pic.png").write_bytes(PICTURE + bytes([number]))
    return roots


def _mixed() -> Routine:
    """A routine showing exercise a, b, then a again, each with pic.png."""
    a, b = (
        Exercise(
            id=name,
            name=name.upper(),
            summary="X.",
            steps=["Do it."],
            media=[Media(path="pic.png", alt=f"{name} view")],
        )
        for name in ("a", "b")
    )
    items = [a.prescribe("1x1"), b.prescribe("1x1"), a.prescribe("1x1")]
    return Routine(id="r", name="R", items=items)


class TestPerExerciseRoot:
    """With a media_root function, each exercise's own pack is read."""

    def test_each_pack_its_picture_once(self, tmp_path: pathlib.Path) -> None:
        """Each exercise shows its own pack's picture, embedded once."""
        roots = _two_packs(tmp_path)

        page = to_html(_mixed(), media_root=lambda e: roots[e.id])

        assert 1 == page.count(encoded(PICTURE + b"\x00"))
        assert 1 == page.count(encoded(PICTURE + b"\x01"))
        assert 3 == page.count('role="img"')

    def test_budget_covers_every_pack(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The page budget counts the pictures of every pack together."""
        roots = _two_packs(tmp_path)
        monkeypatch.setattr(handout, "MAX_PAGE_MEDIA_BYTES", len(PICTURE) + 9)

        page = to_html(_mixed(), media_root=lambda e: roots[e.id])

        assert 1 == page.count(encoded(PICTURE + b"\x00"))
        assert "Picture: b view" in page

    def test_no_root_for_an_exercise(self, tmp_path: pathlib.Path) -> None:
        """An exercise the function gives no folder for shows alt text."""
        roots = _two_packs(tmp_path)

        page = to_html(_mixed(), media_root=lambda e: roots.get(e.id * 2))

        assert "Picture: a view" in page
        assert "data:" not in page

    def test_link_into_another_pack_is_refused(
        self, tmp_path: pathlib.Path
    ) -> None:
        """A link out of the exercise's own pack is not followed."""
        roots = _two_packs(tmp_path)
        (roots["b"] / "pic.png").unlink()
        (roots["b"] / "pic.png").symlink_to(roots["a"] / "pic.png")

        page = to_html(_mixed(), media_root=lambda e: roots[e.id])

        assert 1 == page.count(encoded(PICTURE + b"\x00"))
        assert "Picture: b view" in page
