"""A tiny HTML tree built with :mod:`html.parser`, for checking exports."""

from __future__ import annotations

import html.parser
import typing

from attrs import define, field, frozen

#: Elements that never have an end tag.
VOID = frozenset({"br", "img", "meta", "link", "hr", "input", "source"})


@define
class Node:
    """One element: its tag, attributes and children (nodes or text)."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(factory=list)

    def iter(self) -> typing.Iterator[Node]:
        """Yield this node and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, class_: str | None = None) -> list[Node]:
        """Return every element below with ``tag`` (and ``class_``)."""
        return [
            node
            for node in self.iter()
            if node is not self
            and node.tag == tag
            and (class_ is None or node.attrs.get("class") == class_)
        ]

    def find(self, tag: str, class_: str | None = None) -> Node:
        """Return the only element below with ``tag`` (and ``class_``)."""
        (found,) = self.find_all(tag, class_)
        return found

    def text(self) -> str:
        """Return the text inside, with each ``<br>`` as a line break."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "br":
                parts.append("\n")
            else:
                parts.append(child.text())
        return "".join(parts)

    def child_tags(self) -> list[str]:
        """Return the tags of the direct child elements, in order."""
        return [
            child.tag for child in self.children if isinstance(child, Node)
        ]


class _Builder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.declarations: list[str] = []
        self.comments: list[str] = []
        self.mismatches: list[str] = []

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.mismatches.append(tag)
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


@frozen
class Document:
    """A parsed page: its tree, and what did not fit in one."""

    root: Node
    declarations: list[str]
    comments: list[str]
    mismatches: list[str]
    unclosed: list[str]


def parse(text: str) -> Document:
    """Parse ``text`` into a tree, recording any tag that did not nest."""
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return Document(
        root=builder.root,
        declarations=builder.declarations,
        comments=builder.comments,
        mismatches=builder.mismatches,
        unclosed=[node.tag for node in builder.stack[1:]],
    )
