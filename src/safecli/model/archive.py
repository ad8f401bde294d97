"""The one deterministic zip: xlsx and docx files the same bytes every run.

Office files are zip archives; the libraries that write them stamp each entry with the clock
and leave the permissions to the platform. `deterministic_zip` rewrites an archive with every
entry dated 1980-01-01, one file mode (`FILE_MODE`), deflated, in the order written, and the
document's own created/modified dates (`docProps/core.xml`) set to a date taken from the data.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

FILE_MODE = 0o644
"""The mode every entry carries (a plain readable file; what unzip restores)."""
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can hold: the date of every entry."""
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
"""The document date of a file with no date of its own (a blank 自查表)."""

_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def deterministic_zip(data: bytes, when: dt.datetime | None = None) -> bytes:
    """`data` (a zip archive) rewritten with fixed entry dates and modes; with `when`, the
    document properties' created and modified dates set to it as well."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode() if when is not None else None
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            payload = source.read(info.filename)
            if stamp is not None and info.filename == "docProps/core.xml":
                payload = _CORE_DATE.sub(rb"\g<1>" + stamp + rb"\g<3>", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = FILE_MODE << 16
            target.writestr(entry, payload)
    return out.getvalue()
