"""A glossary term nested in a longer expression (issue 12): 三保 inside “两不愁三保障”."""

from __future__ import annotations

from sqlalchemy import select

from workbench.models import QAIssue, Segment

TEXT = "巩固“两不愁三保障”成果。\n兜牢“三保”底线。\n"


def _setup(app, applies_nested: bool) -> dict[str, list[str]]:
    from workbench.formats.source import read_source
    from workbench.services import glossary as service
    from workbench.services.documents import import_document
    from workbench.services.qa import refresh_document
    from workbench.services.segments import save_target

    with app.app_context():
        s = app.extensions["db_session"]()
        doc = import_document(s, read_source("n.txt", TEXT.encode()), user=None, title="N")
        s.flush()
        english = {
            "巩固“两不愁三保障”成果。": "Consolidate the gains in ensuring the two assurances.",
            "兜牢“三保”底线。": "Ensure basic needs are met.",
        }
        for seg in s.scalars(select(Segment).where(Segment.document_id == doc.id)):
            save_target(
                s,
                seg,
                target=english[seg.source],
                status="translated",
                user=None,
                base_version=seg.version,
            )
        record = service.validate(source="三保", target="three guarantees", status="approved")
        term = service.save_term(s, record, user=None, applies_nested=applies_nested)
        s.flush()
        refresh_document(s, doc.id)
        occurrences = service.occurrences(s, term)
        s.commit()
        issues: dict[str, list[str]] = {}
        for seg in s.scalars(select(Segment).where(Segment.document_id == doc.id)):
            issues[seg.source] = [
                i.message
                for i in s.scalars(
                    select(QAIssue).where(
                        QAIssue.segment_id == seg.id, QAIssue.check_code == "terms"
                    )
                )
            ]
        issues["occurrences"] = [str(occurrences.total[term.id])]
        return issues


def test_nested_occurrence_is_not_checked_or_counted(app):
    issues = _setup(app, applies_nested=False)
    assert issues["巩固“两不愁三保障”成果。"] == []
    assert issues["兜牢“三保”底线。"] == ["Term 三保: expected “three guarantees”"]
    assert issues["occurrences"] == ["1"]


def test_nested_occurrence_is_checked_when_the_term_applies_there(app):
    issues = _setup(app, applies_nested=True)
    assert issues["巩固“两不愁三保障”成果。"] == ["Term 三保: expected “three guarantees”"]
    assert issues["occurrences"] == ["2"]


def test_applies_nested_survives_a_glossary_export_and_import(app):
    from workbench.models import Term
    from workbench.services import glossary as service

    with app.app_context():
        s = app.extensions["db_session"]()
        record = service.validate(source="三保", target="three guarantees", status="approved")
        service.save_term(s, record, user=None, applies_nested=True)
        s.flush()
        exported = {fmt: service.export_glossary(s, fmt) for fmt in ("tbx", "csv", "json")}
        for fmt, data in exported.items():
            [term] = s.scalars(select(Term))
            term.applies_nested = False  # as if changed since the export
            s.flush()
            report = service.import_glossary(s, f"g.{fmt}", data, user=None)
            assert report.updated == ["三保"], fmt
            assert term.applies_nested is True, fmt
            assert service.import_glossary(s, f"g.{fmt}", data, user=None).unchanged == ["三保"]
