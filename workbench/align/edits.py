"""(pure) Editing the links of an alignment: move a boundary, join, split, no counterpart.

Links are dicts {"zh": [i...], "en": [j...], "score": s, "checked": bool} in document
order; together they cover every sentence of each side once, in order. Every operation
returns a new list that keeps that invariant, or raises EditRefused with a one-line reason.
A link an operation touches is marked checked (a person decided it) with score 1.0.
"""

from __future__ import annotations

from typing import Any

from workbench.core.errors import Invalid

__all__ = ["OPERATIONS", "EditRefused", "apply_edit", "validate_links"]

Links = list[dict[str, Any]]
OPERATIONS = ("up", "down", "join", "split", "unlink", "check")
SIDES = ("zh", "en")


class EditRefused(Invalid):
    """The edit is impossible here; str(e) says why in one line."""


def _checked(zh: list[int], en: list[int]) -> dict[str, Any]:
    return {"zh": zh, "en": en, "score": 1.0, "checked": True}


def _copy(links: Links) -> Links:
    return [{**link, "zh": list(link["zh"]), "en": list(link["en"])} for link in links]


def validate_links(links: Links, zh_count: int, en_count: int) -> None:
    """Raise EditRefused unless the links cover each side's sentences once, in order."""
    for side, count in (("zh", zh_count), ("en", en_count)):
        flat = [i for link in links for i in link[side]]
        if flat != list(range(count)):
            raise EditRefused(f"the links no longer cover the {side} sentences in order")
    if any(not link["zh"] and not link["en"] for link in links):
        raise EditRefused("a link with no sentence on either side")


def apply_edit(
    links: Links, op: str, index: int, *, side: str = "zh", at: tuple[int, int] | None = None
) -> tuple[Links, str]:
    """(new links, what was done in words) for one operation on link `index`.

    up / down (`side`): move the boundary between link `index` and the next one by one
    sentence: "up" gives the last sentence of link `index` to the next link, "down" takes
    the first sentence of the next link into link `index`.
    join: link `index` and the next become one. split: link `index` becomes two, the first
    keeping `at` = (Chinese, English) sentences (default: the first of each).
    unlink: every sentence of link `index` gets a link of its own with no counterpart.
    check: mark link `index` as right as it is.
    """
    if op not in OPERATIONS:
        raise EditRefused(f"unknown operation {op!r} (one of {', '.join(OPERATIONS)})")
    if side not in SIDES:
        raise EditRefused(f"side must be zh or en, not {side!r}")
    if not 0 <= index < len(links):
        raise EditRefused(f"there is no link {index + 1} (the alignment has {len(links)})")
    new = _copy(links)
    link = new[index]
    name = "Chinese" if side == "zh" else "English"
    if op in ("up", "down", "join"):
        if index + 1 >= len(new):
            raise EditRefused(f"link {index + 1} is the last: there is no next link")
        nxt = new[index + 1]
        if op == "join":
            new[index : index + 2] = [_checked(link["zh"] + nxt["zh"], link["en"] + nxt["en"])]
            return _drop_empty(new), f"joined links {index + 1} and {index + 2}"
        if op == "up":
            if not link[side]:
                raise EditRefused(f"link {index + 1} has no {name} sentence to give away")
            nxt[side].insert(0, link[side].pop())
        else:
            if not nxt[side]:
                raise EditRefused(f"link {index + 2} has no {name} sentence to give")
            link[side].append(nxt[side].pop(0))
        new[index] = _checked(link["zh"], link["en"])
        new[index + 1] = _checked(nxt["zh"], nxt["en"])
        verb = "up" if op == "up" else "down"
        return _drop_empty(new), f"moved the {name} boundary after link {index + 1} {verb}"
    if op == "split":
        zh_at, en_at = at if at is not None else (min(1, len(link["zh"])), min(1, len(link["en"])))
        if not (0 <= zh_at <= len(link["zh"]) and 0 <= en_at <= len(link["en"])):
            raise EditRefused(f"link {index + 1} cannot be split there")
        first = (link["zh"][:zh_at], link["en"][:en_at])
        second = (link["zh"][zh_at:], link["en"][en_at:])
        if not any(first) or not any(second):
            raise EditRefused(f"link {index + 1} has a single sentence: nothing to split")
        new[index : index + 1] = [_checked(*first), _checked(*second)]
        return new, f"split link {index + 1}"
    if op == "unlink":
        if len(link["zh"]) + len(link["en"]) < 2 and (not link["zh"] or not link["en"]):
            raise EditRefused(f"link {index + 1} already has no counterpart")
        alone = [_checked([i], []) for i in link["zh"]] + [_checked([], [j]) for j in link["en"]]
        new[index : index + 1] = alone
        return new, f"marked the sentences of link {index + 1} as having no counterpart"
    new[index] = _checked(link["zh"], link["en"])
    return new, f"checked link {index + 1}"


def _drop_empty(links: Links) -> Links:
    return [link for link in links if link["zh"] or link["en"]]
