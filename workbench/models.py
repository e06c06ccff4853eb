"""The workbench's data: documents, paragraphs, segments and everything said about them.

Nothing a person wrote is ever deleted or overwritten in place: the current English of a
segment lives on `Segment`, and every change to it is also a `Revision` row. Machine
translation is kept apart in `MTOutput` so the raw MT is never lost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .db import Base, utcnow
from .statuses import TERM_CATEGORIES, TERM_STATUSES, Status

ROLES = ("reviewer", "editor", "admin")
# "tm": filled from the translation memory by pre-translation; "official": the published
# English of a report, taken in through an alignment
ORIGINS = ("human", "mt", "import", "system", "tm", "official")


def _in(values) -> str:
    return "IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class User(UserMixin, Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint(f"role {_in(ROLES)}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="reviewer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Part of the login token (see get_id): bumping it ends every session and remember-me
    # cookie of this user on the server side (logout, password change, disable).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    def get_id(self) -> str:  # flask-login: what the session and remember cookie carry
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # flask-login
        return self.active


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (CheckConstraint("script IN ('hans', 'hant')", name="script"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str] = mapped_column(String(500), default="")
    source_format: Mapped[str] = mapped_column(String(10))  # txt, md, docx
    encoding: Mapped[str] = mapped_column(String(20), default="utf-8")
    script: Mapped[str] = mapped_column(String(4), default="hans")
    # sha256 of the paragraph texts joined by newlines: two files with the same text (a UTF-8
    # and a GB18030 twin, or a .txt and a .docx) are the same document.
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    # The year the report plans (上年/今年 in the number check resolve from it): read from the
    # text on import, settable (`workbench qa DOC --year`); None = unknown, years not checked.
    report_year: Mapped[Optional[int]] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="document", order_by="Paragraph.position", cascade="all, delete-orphan"
    )
    created_by: Mapped[Optional[User]] = relationship()


class Paragraph(Base):
    __tablename__ = "paragraph"
    __table_args__ = (
        UniqueConstraint("document_id", "position", name="document_position"),
        CheckConstraint("kind IN ('heading', 'body', 'front')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # 0-based order in the document
    kind: Mapped[str] = mapped_column(String(10))
    level: Mapped[int] = mapped_column(Integer, default=0)  # heading level, 0 for body/front
    text: Mapped[str] = mapped_column(Text)  # as written (Traditional stays Traditional)
    text_simplified: Mapped[str] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="paragraphs")
    segments: Mapped[list[Segment]] = relationship(
        back_populates="paragraph",
        order_by="Segment.start",
        primaryjoin="and_(Paragraph.id == Segment.paragraph_id, Segment.active)",
        viewonly=True,
    )


class Segment(Base):
    """One sentence of a paragraph: `source` is paragraph.text[start:end].

    A split or merge deactivates nothing it cannot bring back: merged-away segments keep
    their row (active = False) so an undo restores them with their history.
    """

    __tablename__ = "segment"
    __table_args__ = (
        CheckConstraint(f"status {_in([s.value for s in Status])}", name="status"),
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="offsets"),
        Index("ix_segment_document_active", "document_id", "active"),
        # the review page walks a paragraph's segments in order without sorting them
        Index("ix_segment_paragraph_start", "paragraph_id", "start_offset"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column("start_offset", Integer)
    end: Mapped[int] = mapped_column("end_offset", Integer)
    source: Mapped[str] = mapped_column(Text)
    source_simplified: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=Status.NEW.value)
    # where the current English came from: human, mt, import, system
    origin: Mapped[str] = mapped_column(String(10), default="system")
    # optimistic locking: every save names the version it started from
    version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))

    # Every UPDATE of a segment says `WHERE version = <the version read>`: of two writes
    # racing from one version only the first is stored, the second fails at flush
    # (StaleDataError -> Conflict). The services bump the counter themselves (`_record`).
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    paragraph: Mapped[Paragraph] = relationship()
    updated_by: Mapped[Optional[User]] = relationship()
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="segment", order_by="Revision.id", cascade="all, delete-orphan"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="segment", order_by="Comment.id", cascade="all, delete-orphan"
    )


class Revision(Base):
    __tablename__ = "revision"
    __table_args__ = (
        CheckConstraint(f"origin {_in(ORIGINS)}", name="origin"),
        Index("ix_revision_segment", "segment_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segment.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)  # the segment version this revision created
    target: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(10))
    # why it happened when not an ordinary edit: "restored revision 12", "split", "QA ignore"...
    note: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    segment: Mapped[Segment] = relationship(back_populates="revisions")
    user: Mapped[Optional[User]] = relationship()


class Comment(Base):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segment.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    segment: Mapped[Segment] = relationship(back_populates="comments")
    user: Mapped[Optional[User]] = relationship()


class SegmentOperation(Base):
    """A split or merge, with what is needed to undo it."""

    __tablename__ = "segment_operation"
    __table_args__ = (CheckConstraint("kind IN ('split', 'merge')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    # split: {"segment": kept id, "new": created id, "at": offset}
    # merge: {"segment": kept id, "absorbed": deactivated id, "end": old end, "target": old target}
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    undone_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))

    user: Mapped[Optional[User]] = relationship(foreign_keys=[user_id])


class BatchOperation(Base):
    """A change made to many segments at once (status of a filter, find and replace).

    Each segment it changed also got an ordinary `Revision`; `changes` keeps what an undo needs:
    [{"segment": id, "version": version it created, "target": before, "status": before}].
    """

    __tablename__ = "batch_operation"
    __table_args__ = (CheckConstraint("kind IN ('status', 'replace')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    summary: Mapped[str] = mapped_column(String(500))
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    undone_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))

    user: Mapped[Optional[User]] = relationship(foreign_keys=[user_id])


# --- machine translation ---------------------------------------------------------------


class MTOutput(Base):
    """Raw MT of one segment; all runs are kept, the newest is the current suggestion."""

    __tablename__ = "mt_output"
    __table_args__ = (Index("ix_mt_output_segment", "segment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segment.id", ondelete="CASCADE"))
    engine: Mapped[str] = mapped_column(String(50))
    model_version: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(Text)  # the (Simplified) text sent to the engine
    text: Mapped[str] = mapped_column(Text)
    alternatives: Mapped[list[str]] = mapped_column(JSON, default=list)
    # problems found after MT, e.g. a glossary protection marker the model dropped, a loop
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # the engine's confidence: mean log-probability per output token (0 = sure; None: no score)
    score: Mapped[Optional[float]] = mapped_column(Float)
    # a long sentence translated in pieces: [[Chinese, English], ...]; None when sent whole
    pieces: Mapped[Optional[list[list[str]]]] = mapped_column(JSON(none_as_null=True))
    job_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mt_job.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


MT_JOB_STATES = ("queued", "running", "finished", "failed", "cancelled")


class MTJob(Base):
    __tablename__ = "mt_job"
    __table_args__ = (CheckConstraint(f"state {_in(MT_JOB_STATES)}", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(12), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    # filled from the translation memory before MT: exact/context, figures replaced
    memory_exact: Mapped[int] = mapped_column(Integer, default=0)
    memory_figures: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    engine: Mapped[str] = mapped_column(String(50), default="")
    model_version: Mapped[str] = mapped_column(String(100), default="")
    # re-translate segments that already have MT (a newer model), never human text
    refresh: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    worker: Mapped[str] = mapped_column(String(100), default="")
    heartbeat_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    finished_at: Mapped[Optional[datetime]] = mapped_column(DateTime)


# --- glossary -------------------------------------------------------------------------


class Term(Base):
    __tablename__ = "term"
    __table_args__ = (
        CheckConstraint(f"status {_in(TERM_STATUSES)}", name="status"),
        CheckConstraint(f"category {_in(TERM_CATEGORIES)}", name="category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200))  # as tagged
    # Simplified form: the key for matching and for "does this term exist"
    source_key: Mapped[str] = mapped_column(String(200), index=True)
    target: Mapped[str] = mapped_column(String(500), default="")
    alternatives: Mapped[list[str]] = mapped_column(JSON, default=list)
    forbidden: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(30), default="other")
    reference: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    # Whether the term also applies inside a longer expression of its own (三保 within
    # “两不愁三保障”): by default such occurrences are not highlighted, checked or counted.
    applies_nested: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # optimistic locking as for segments: an edit names the version it started from, and the
    # UPDATE is conditional on it (see Segment.__mapper_args__)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    history: Mapped[list[TermRevision]] = relationship(
        back_populates="term", order_by="TermRevision.id", cascade="all, delete-orphan"
    )


class TermRevision(Base):
    __tablename__ = "term_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # create, update, delete, import, accept
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    term: Mapped[Term] = relationship(back_populates="history")
    user: Mapped[Optional[User]] = relationship()


class DismissedCandidate(Base):
    __tablename__ = "dismissed_candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    text_key: Mapped[str] = mapped_column(String(200), unique=True)  # Simplified form
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --- QA -------------------------------------------------------------------------------


class QAIssue(Base):
    """An open (or ignored) finding of one check on one segment, stored so pages never re-run checks."""

    __tablename__ = "qa_issue"
    __table_args__ = (
        CheckConstraint("severity IN ('error', 'warning')", name="severity"),
        Index("ix_qa_issue_document", "document_id", "check_code"),
        Index("ix_qa_issue_segment", "segment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    segment_id: Mapped[int] = mapped_column(ForeignKey("segment.id", ondelete="CASCADE"))
    check_code: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    # identifies "the same issue" across re-runs so an ignore survives unrelated edits
    fingerprint: Mapped[str] = mapped_column(String(200))
    ignored: Mapped[bool] = mapped_column(Boolean, default=False)
    ignore_reason: Mapped[str] = mapped_column(Text, default="")
    ignored_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    ignored_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    ignored_by: Mapped[Optional[User]] = relationship()


# --- alignment with an official translation (issue: align a report with its English) ------

ALIGNMENT_STATES = ("draft", "confirmed")


class Alignment(Base):
    """A Chinese report aligned with its official English, sentence by sentence.

    The sentences of both sides and the links between them are stored as JSON: an edit
    rewrites the link list as a whole (and keeps the list it replaced in AlignmentEdit, so
    every edit can be undone); the sentences never change. `zh_sentences` items are
    {"segment": id, "paragraph": n, "text": ...}, `en_sentences` {"paragraph": n, "text": ...},
    `links` {"zh": [i...], "en": [j...], "score": s, "checked": bool} in document order.
    """

    __tablename__ = "alignment"
    __table_args__ = (CheckConstraint(f"state {_in(ALIGNMENT_STATES)}", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500))
    zh_filename: Mapped[str] = mapped_column(String(500), default="")
    en_filename: Mapped[str] = mapped_column(String(500), default="")
    zh_sentences: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    en_sentences: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    links: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic locking of edits
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    confirmed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))

    document: Mapped[Document] = relationship()


class AlignmentEdit(Base):
    """One edit of an alignment's links, with the links it replaced (for undo)."""

    __tablename__ = "alignment_edit"
    __table_args__ = (Index("ix_alignment_edit_alignment", "alignment_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alignment_id: Mapped[int] = mapped_column(ForeignKey("alignment.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(200))  # what was done, in words
    before: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --- security (issue: hardening) -------------------------------------------------------


class LoginAttempt(Base):
    """One login try, kept for a day: the login limiter counts recent failures from here."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username", "username", "at"),
        Index("ix_login_attempt_address", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """A security-relevant action: logins, account changes, forced exports, deletions."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # the actor's name when it happened (also for failed logins of unknown names)
    username: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(64), default="")


# --- translation memory (issue: translation memory across documents) -----------------------

# What a memory is: the workbench's own (filled from saved segments), a file imported as is,
# an official edition (first among equals), a reference (trusted less, by its penalty).
TM_MEMORY_ORIGINS = ("human", "import", "official", "reference")
# Where one unit's English came from (a segment's origin, or the memory's for imported units).
TM_UNIT_ORIGINS = ("human", "mt", "import", "official", "reference", "tm", "system")


class TMMemory(Base):
    __tablename__ = "tm_memory"
    __table_args__ = (
        CheckConstraint(f"origin {_in(TM_MEMORY_ORIGINS)}", name="origin"),
        CheckConstraint("penalty >= 0 AND penalty <= 100", name="penalty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    origin: Mapped[str] = mapped_column(String(12), default="import")
    # percentage points taken off every match from this memory
    penalty: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))


class TMUnit(Base):
    """One source sentence with its English, in one memory.

    Keys are hashes of the Simplified source (exact), of it with the figures masked (figures
    differ) and of the neighbours' Simplified sources (context): fixed-length, indexable on
    both databases. Fuzzy candidates come from a trigram index on `source_key` (FTS5 on SQLite,
    pg_trgm on PostgreSQL), created by the migration outside these models.
    """

    __tablename__ = "tm_unit"
    __table_args__ = (
        CheckConstraint(f"origin {_in(TM_UNIT_ORIGINS)}", name="origin"),
        Index("ix_tm_unit_key_hash", "key_hash"),
        Index("ix_tm_unit_figures_hash", "figures_hash"),
        Index("ix_tm_unit_memory", "memory_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    memory_id: Mapped[int] = mapped_column(ForeignKey("tm_memory.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(Text)  # as written (Traditional stays Traditional)
    source_key: Mapped[str] = mapped_column(Text)  # Simplified, whitespace normalised
    key_hash: Mapped[str] = mapped_column(String(40))
    figures_hash: Mapped[Optional[str]] = mapped_column(String(40))  # None: no figures
    context_hash: Mapped[str] = mapped_column(String(40), default="")
    context_prev: Mapped[str] = mapped_column(Text, default="")  # neighbours' sources
    context_next: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[str] = mapped_column(Text)
    source_lang: Mapped[str] = mapped_column(String(20), default="zh-CN")
    target_lang: Mapped[str] = mapped_column(String(20), default="en")
    document_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL")
    )
    document_name: Mapped[str] = mapped_column(String(500), default="")
    # the workbench's own units follow one segment each
    segment_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("segment.id", ondelete="SET NULL"), unique=True
    )
    user: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="approved")
    origin: Mapped[str] = mapped_column(String(12), default="import")
    # False once its segment went back to draft or needs-work: kept, never matched
    good: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    memory: Mapped[TMMemory] = relationship()


# --- live collaboration: what others see of each other ----------------------------------


class LiveEvent(Base):
    """A change pushed to every open review page of a document (Server-Sent Events).

    The log, not the notification, is the truth: a notification (in-process, PostgreSQL
    NOTIFY or Redis) only wakes the streams, which read the rows after their last id. So a
    reconnect catches up from its last event id, and several web processes see one order.
    """

    __tablename__ = "live_event"
    __table_args__ = (Index("ix_live_event_document", "document_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # segments, presence, terms, job
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Presence(Base):
    """One open review page (a browser tab): who it is, and the segment it is editing."""

    __tablename__ = "presence"
    __table_args__ = (Index("ix_presence_document", "document_id"),)

    client_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    segment_id: Mapped[Optional[int]] = mapped_column(ForeignKey("segment.id", ondelete="SET NULL"))
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()


class SegmentClaim(Base):
    """ "Next segment that needs work" handed to one reviewer: the primary key makes it one."""

    __tablename__ = "segment_claim"

    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segment.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class SectionAssignment(Base):
    """A section (a heading and what follows it up to the next heading of its level) given to
    a reviewer by an editor; that reviewer's "next" stays inside their sections."""

    __tablename__ = "section_assignment"
    __table_args__ = (UniqueConstraint("paragraph_id", "user_id", name="paragraph_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    assigned_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
