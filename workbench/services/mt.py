"""MT as the web views, the CLI and the job use it: one engine per process, glossary-protected
translation of segments, and the engine's status for pages ("no zh→en model installed").

The engine is built from the app's MT_* settings by `engine_for(app)` and cached per process:
ArgosEngine keeps its CTranslate2 model in a process-wide registry, and the cache decorator
around it must be shared too, or a re-run after a crash would not hit it. The cache key holds
the packages folder's modification time, so installing or removing a model (a rename inside
that folder, from this process or another) gives the next call a fresh engine.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..glossary.protect import Protected, protect, restore
from ..models import MTOutput, Segment
from ..mt import Engine, MTError, MTSettings, NoModelError, make_engine

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


def protect_sentences(session: Session, sentences: Sequence[str]) -> list[Protected]:
    """Approved glossary terms (with a rendering) in each sentence replaced by markers.

    Deprecated and proposed terms are not enforced: only an approved rendering is a promise.
    """
    from .terms import term_index

    index = term_index(session)
    protected = []
    for text in sentences:
        found = index.find_approved(text)
        protected.append(protect(text, [m for m, _ in found], {v.id: v.target for _, v in found}))
    return protected


@dataclass(frozen=True)
class Suggestion:
    """One engine output for one segment, markers restored; `flags` say what went wrong."""

    text: str
    alternatives: tuple[str, ...]
    flags: tuple[str, ...]


def restore_output(protected: Protected, text: str, alternatives: Sequence[str]) -> Suggestion:
    """Put the approved renderings back; a lost or garbled marker becomes a flag.

    Alternatives whose markers did not survive are dropped (they would be silently wrong);
    the main output is kept with its flags so a reviewer sees what the model did.
    """
    restored, problems = restore(text, protected)
    kept: list[str] = []
    for alternative in alternatives:
        candidate, alt_problems = restore(alternative, protected)
        if not alt_problems and candidate != restored and candidate not in kept:
            kept.append(candidate)
    return Suggestion(restored, tuple(kept), tuple(problems))


def translate_segments(
    session: Session, engine: Engine, segments: Sequence[Segment], *, alternatives: int = 0
) -> list[tuple[str, Suggestion]]:
    """(text sent, suggestion) per segment, in ONE engine call.

    Traditional documents are translated from their Simplified form (`source_simplified`).
    Raises MTError when the engine fails.
    """
    protected = protect_sentences(session, [s.source_simplified for s in segments])
    outputs = engine.translate_batch([p.text for p in protected], alternatives=alternatives)
    if len(outputs) != len(protected):
        raise MTError(
            f"the {engine.name} engine returned {len(outputs)} translations "
            f"for {len(protected)} sentences"
        )
    return [
        (segment.source_simplified, restore_output(p, out.text, out.alternatives))
        for segment, p, out in zip(segments, protected, outputs)
    ]


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
        job_id=job_id,
    )


def translate_again(session: Session, engine: Engine, segment: Segment) -> MTOutput:
    """A fresh suggestion for one segment (with alternatives), stored as its newest MT.

    The segment's English is not touched: the reviewer picks a choice into the editor.
    """
    [(source, suggestion)] = translate_segments(
        session, engine, [segment], alternatives=MAX_ALTERNATIVES
    )
    output = new_output(segment, engine, source, suggestion)
    session.add(output)
    session.flush()
    return output


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
