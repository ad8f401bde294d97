"""One call per command, for scripts and for the CLI alike."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from safecli.errors import InvalidFile
from safecli.loading import read_record
from safecli.scoring import Assessment, assess


def score_file(
    path: Path | str, *, catalog: Any = None, as_of: dt.date | None = None, strict: bool = False
) -> Assessment:
    """Read, check and score one record. With `strict`, unanswered items are errors."""
    loaded = read_record(path, catalog)
    assessment = assess(loaded.standard, loaded.record, as_of)
    if strict and assessment.unanswered:
        items = loaded.standard.item_map()
        raise InvalidFile(
            [
                loaded.doc.problem(
                    ("responses",),
                    f"{item_id} is not answered"
                    + (
                        f" (metrics.{items[item_id].metric} missing)"
                        if items[item_id].metric
                        else ""
                    ),
                    "answer it, or mark it na"
                    if not items[item_id].metric
                    else "report the metric",
                    key=True,
                )
                for item_id in assessment.unanswered
            ]
        )
    return assessment


def read_reference_doc(path: Path | str | None) -> bytes:
    """The bytes of a reference .docx: the user's (`--reference-doc`), else the bundled one."""
    import zipfile

    from safecli.catalog import package_dir
    from safecli.errors import Problem

    if path is None:
        return (package_dir("templates") / "reference.docx").read_bytes()
    source = Path(path)
    hint = "give a Word .docx (save it from Word as .docx, not .doc or .dotx)"
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise InvalidFile([Problem(str(source), message="reference document not found")]) from None
    except (IsADirectoryError, PermissionError) as error:
        raise InvalidFile(
            [Problem(str(source), message=f"cannot read: {error.strerror}")]
        ) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise InvalidFile(
            [Problem(str(source), message="not a Word document (.docx)", hint=hint)]
        ) from None
    return data


def docx_from_html(html: str, reference: Path | str | None = None) -> bytes:
    """A document's HTML (report, plan, summary) as a 公文 .docx on a reference document."""
    from safecli.render.docx import render_docx

    bundled = read_reference_doc(None)
    if reference is None:
        return render_docx(html, bundled)
    return render_docx(html, read_reference_doc(reference), base=bundled, source=str(reference))
