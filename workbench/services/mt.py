"""MT as the web views, the CLI and the job use it: one engine per process, glossary-protected
translation of segments, and the engine's status for pages ("no zh→en model installed").

The engine is built from the app's MT_* settings by `engine_for(app)` and cached per process:
ArgosEngine keeps its CTranslate2 model in a process-wide registry, and the cache decorator
around it must be shared too, or a re-run after a crash would not hit it. The cache key holds
the packages folder's modification time, so installing or removing a model (a rename inside
that folder, from this process or another) gives the next call a fresh engine.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..glossary.protect import Protected, protect, restore
from ..models import MTOutput, Segment
from ..mt import Engine, MTError, MTSettings, NoModelError, Translation, checks, make_engine
from ..mt.split import MIN_PIECE, join_english, split_sentence

INSTALL_COMMANDS = (
    "workbench mt install zh en",
    "workbench mt install-file PATH.argosmodel",
)
# "translate again" offers up to this many alternatives (when beam search gives them)
MAX_ALTERNATIVES = 3

_lock = threading.Lock()
_engines: dict[tuple[Any, ...], Engine] = {}


def settings_from_config(config: Mapping[str, Any]) -> MTSettings:
    """MTSettings from the app's MT_<FIELD> keys (see config.mt_engine_config); a key that is
    missing keeps MTSettings's default."""
    values = {
        f.name: config[f"MT_{f.name.upper()}"]
        for f in fields(MTSettings)
        if f.name != "packages_dir" and f"MT_{f.name.upper()}" in config
    }
    return MTSettings(packages_dir=Path(config["MT_PACKAGES_DIR"]), **values)


def _packages_stamp(packages_dir: Path) -> int:
    try:
        return os.stat(packages_dir).st_mtime_ns
    except FileNotFoundError:
        return 0


def engine_for(config: Mapping[str, Any]) -> Engine:
    """The configured engine for this process; NoModelError when Argos has no zh→en model.

    A failure is not cached: the next call looks again (a model may have been installed).
    """
    settings = settings_from_config(config)
    kind = str(config["MT_ENGINE"])
    key = (kind, settings, _packages_stamp(settings.packages_dir))
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = make_engine(kind, settings)
            # older keys of the same engine kind belong to a replaced model: drop them
            for old in [k for k in _engines if k[:2] == key[:2]]:
                del _engines[old]
            _engines[key] = engine
        return engine


@dataclass(frozen=True)
class EngineStatus:
    """What pages say about MT: which engine and model, or why there is none."""

    name: str
    model_version: str = ""
    error: str = ""
    no_model: bool = False
    install_commands: tuple[str, ...] = field(default=INSTALL_COMMANDS)

    @property
    def ready(self) -> bool:
        return not self.error


def engine_status(config: Mapping[str, Any]) -> EngineStatus:
    kind = str(config["MT_ENGINE"])
    try:
        engine = engine_for(config)
        return EngineStatus(name=engine.name, model_version=engine.model_version)
    except NoModelError as exc:
        return EngineStatus(name=kind, error=str(exc), no_model=True)
    except MTError as exc:
        return EngineStatus(name=kind, error=str(exc))


# --- glossary-protected translation ---------------------------------------------------------

# How "translate again" may decode, offered on the row (a flagged output suggests the others):
# as configured (with alternatives), with the stronger repetition guards, the whole sentence in
# one piece, or cut into clauses at half the configured limit.
AGAIN_MODES = {
    "default": "Translate again",
    "strict": "Translate again with stronger repetition guards",
    "whole": "Translate again as one piece (no splitting)",
    "pieces": "Translate again in shorter pieces",
}


@dataclass(frozen=True)
class Request:
    """What goes to the engine for one segment: its (Simplified) text in pieces (one piece
    unless it is a long sentence that was split), each with approved terms protected."""

    source: str
    pieces: tuple[str, ...]  # the Chinese of each piece; "".join(pieces) == source
    protected: tuple[Protected, ...]


@dataclass(frozen=True)
class Suggestion:
    """One engine output for one segment, markers restored and pieces joined.

    flags: what went wrong (a dropped glossary marker, a loop, a cut-off, far too short);
    score: mean log-probability per token (None without one); pieces: (Chinese, English) of
    each piece when the sentence was split, () when it was translated whole.
    """

    text: str
    alternatives: tuple[str, ...]
    flags: tuple[str, ...]
    score: float | None = None
    pieces: tuple[tuple[str, str], ...] = ()


def prepare_requests(
    session: Session, sources: Sequence[str], *, split_limit: int = 0
) -> list[Request]:
    """Each source cut (when longer than split_limit) and protected: approved glossary terms
    (with a rendering) replaced by markers. A term is never cut through.

    Deprecated and proposed terms are not enforced: only an approved rendering is a promise.
    """
    from .terms import term_index

    index = term_index(session)
    requests = []
    for text in sources:
        found = index.find_approved(text)
        spans = split_sentence(text, split_limit, keep=[(m.start, m.end) for m, _ in found])
        protected = []
        for start, end in spans:
            inside = [(m, v) for m, v in found if start <= m.start and m.end <= end]
            protected.append(
                protect(
                    text[start:end],
                    [replace(m, start=m.start - start, end=m.end - start) for m, _ in inside],
                    {v.id: v.target for _, v in inside},
                )
            )
        requests.append(Request(text, tuple(text[a:b] for a, b in spans), tuple(protected)))
    return requests


def engine_inputs(requests: Sequence[Request]) -> list[str]:
    """The sentences of ONE engine call for these requests (every piece of every segment)."""
    return [p.text for request in requests for p in request.protected]


def suggestions(
    engine: Engine, requests: Sequence[Request], outputs: Sequence[Translation]
) -> list[Suggestion]:
    """The engine's outputs for `engine_inputs(requests)` back as one suggestion per request."""
    expected = sum(len(r.protected) for r in requests)
    if len(outputs) != expected:
        raise MTError(
            f"the {engine.name} engine returned {len(outputs)} translations "
            f"for {expected} sentences"
        )
    found, position = [], 0
    for request in requests:
        parts = outputs[position : position + len(request.protected)]
        position += len(parts)
        found.append(_suggestion(request, parts))
    return found


def _suggestion(request: Request, outputs: Sequence[Translation]) -> Suggestion:
    """Renderings put back (a lost or garbled marker becomes a flag), pieces joined, quality
    flags and the score added.

    Alternatives whose markers did not survive are dropped (they would be silently wrong);
    the main output is kept with its flags so a reviewer sees what the model did. A split
    sentence has no alternatives: its pieces' alternatives do not combine into sentences.
    """
    flags: list[str] = []
    english: list[str] = []
    for protected, output in zip(request.protected, outputs, strict=True):
        restored, problems = restore(output.text, protected)
        english.append(restored)
        flags += problems
        if output.cut_off and checks.CUT_OFF not in flags:
            flags.append(checks.CUT_OFF)
    text = english[0] if len(english) == 1 else join_english(request.pieces, english)
    flags += [f for f in checks.quality_flags(request.source, text) if f not in flags]
    kept: list[str] = []
    if len(outputs) == 1:
        for alternative in outputs[0].alternatives:
            candidate, problems = restore(alternative, request.protected[0])
            if not problems and candidate != text and candidate not in kept:
                kept.append(candidate)
    return Suggestion(
        text,
        tuple(kept),
        tuple(flags),
        score=_combined_score(outputs),
        pieces=tuple(zip(request.pieces, english)) if len(english) > 1 else (),
    )


def _combined_score(outputs: Sequence[Translation]) -> float | None:
    """Mean log-probability per token over all pieces (each weighted by its tokens)."""
    scored = [(o.score, max(1, o.tokens)) for o in outputs if o.score is not None]
    if not scored or len(scored) < len(outputs):
        return None
    return sum(score * tokens for score, tokens in scored) / sum(t for _, t in scored)


def translate_segments(
    session: Session,
    engine: Engine,
    segments: Sequence[Segment],
    *,
    alternatives: int = 0,
    split_limit: int = 0,
    strict: bool = False,
) -> list[tuple[str, Suggestion]]:
    """(text sent, suggestion) per segment, in ONE engine call.

    Traditional documents are translated from their Simplified form (`source_simplified`).
    Raises MTError when the engine fails.
    """
    requests = prepare_requests(
        session, [s.source_simplified for s in segments], split_limit=split_limit
    )
    outputs = engine.translate_batch(
        engine_inputs(requests), alternatives=alternatives, strict=strict
    )
    return [(r.source, s) for r, s in zip(requests, suggestions(engine, requests, outputs))]


def new_output(
    segment: Segment, engine: Engine, source: str, suggestion: Suggestion, job_id: int | None = None
) -> MTOutput:
    return MTOutput(
        segment_id=segment.id,
        engine=engine.name[:50],
        model_version=engine.model_version[:100],
        source=source,
        text=suggestion.text,
        alternatives=list(suggestion.alternatives),
        flags=list(suggestion.flags),
        score=suggestion.score,
        pieces=[list(piece) for piece in suggestion.pieces] or None,
        job_id=job_id,
    )


def translate_again(
    session: Session, engine: Engine, segment: Segment, *, split_limit: int, mode: str = "default"
) -> MTOutput:
    """A fresh suggestion for one segment, stored as its newest MT; `mode` is one of
    AGAIN_MODES (how to decode differently from the output that was flagged).

    The segment's English is not touched: the reviewer picks a choice into the editor.
    """
    if mode not in AGAIN_MODES:
        raise MTError(f"unknown way to translate again {mode!r}: {', '.join(AGAIN_MODES)}")
    if mode == "whole":
        split_limit = 0
    elif mode == "pieces":
        # half the limit (the default's half when splitting is off): clauses nearly alone
        default = next(f.default for f in fields(MTSettings) if f.name == "split_limit")
        split_limit = max(2 * MIN_PIECE, int(split_limit or default) // 2)
    [(source, suggestion)] = translate_segments(
        session,
        engine,
        [segment],
        alternatives=MAX_ALTERNATIVES,
        split_limit=split_limit,
        strict=mode == "strict",
    )
    output = new_output(segment, engine, source, suggestion)
    session.add(output)
    session.flush()
    return output


def confidence(score: float | None) -> int | None:
    """A stored score as the percentage a row shows: the geometric mean probability the model
    gave its output tokens (100 = sure); None without a score."""
    return None if score is None else round(100 * math.exp(min(0.0, score)))


def score_below(percent: float) -> float:
    """The score under which an output's confidence is below `percent` (a filter's bound)."""
    return math.log(max(0.01, min(100.0, percent)) / 100)


def newest_output(session: Session, segment_id: int) -> MTOutput | None:
    return session.scalars(
        select(MTOutput)
        .where(MTOutput.segment_id == segment_id)
        .order_by(MTOutput.id.desc())
        .limit(1)
    ).first()


def newest_outputs(session: Session, segment_ids: Sequence[int]) -> dict[int, MTOutput]:
    """The newest MT output of each segment that has one, in one query (pages, exports)."""
    if not segment_ids:
        return {}
    newest = (
        select(func.max(MTOutput.id))
        .where(MTOutput.segment_id.in_(segment_ids))
        .group_by(MTOutput.segment_id)
    )
    return {
        m.segment_id: m for m in session.scalars(select(MTOutput).where(MTOutput.id.in_(newest)))
    }


def mt_history(session: Session, segment_id: int) -> list[MTOutput]:
    """Every MT output of the segment, newest first (older models' output included)."""
    return list(
        session.scalars(
            select(MTOutput).where(MTOutput.segment_id == segment_id).order_by(MTOutput.id.desc())
        )
    )


def is_untouched_mt(output: MTOutput | None, target: str) -> bool:
    """Whether `target` (as typed) is exactly the MT's text or one of its alternatives."""
    if output is None:
        return False
    text = target.replace("\r\n", "\n").replace("\r", "\n").strip()
    return bool(text) and (text == output.text or text in (output.alternatives or []))
