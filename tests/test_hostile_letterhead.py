"""The hostile corpus, letterheads: a `--reference-doc` is somebody else's Word file.

Each case is built from the bundled reference.docx with one hostile change, and run as an
unprivileged user (tests/corpus/runner.py): a decompression bomb, a DTD or external entity,
external relationships (a remote image, an attachedTemplate on a share), macro parts, a .docm,
a document without a body or a section.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from corpus.cases import GOOD
from corpus.runner import Runner, cleanup, detect

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "templates" / "reference.docx"
MINI = Path(__file__).parent / "fixtures" / "standards" / "mini.yaml"
RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"


@pytest.fixture(scope="module")
def runner() -> Runner:
    return detect()


@pytest.fixture
def work(runner: Runner) -> Iterator[Path]:
    folder = runner.workdir()
    (folder / "std").mkdir()
    (folder / "std" / "mini.yaml").write_bytes(MINI.read_bytes())
    (folder / "r.yaml").write_text(GOOD, encoding="utf-8")
    yield folder
    cleanup(folder)


def variant(change: Callable[[dict[str, bytes]], None]) -> bytes:
    """The bundled reference with `change` applied to its parts."""
    with zipfile.ZipFile(REFERENCE) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def add_rel(parts: dict[str, bytes], rel: str, name: str = RELS) -> None:
    parts[name] = parts[name].replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def report(runner: Runner, work: Path, reference: str = "ref.docx"):
    return runner.run(
        "report", "r.yaml", "--standards-dir", "std", "--format", "docx",
        "--reference-doc", reference, "-o", "out.docx", cwd=work,
    )  # fmt: skip


def refused(done, fragment: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert fragment in done.stderr, done.stderr


def test_a_decompression_bomb_is_refused_before_it_inflates(runner: Runner, work: Path) -> None:
    def bomb(parts: dict[str, bytes]) -> None:
        parts["word/media/image1.png"] = bytes(48 * 1024 * 1024)  # packs to ~48 KB

    data = variant(bomb)
    assert len(data) < 200_000
    (work / "ref.docx").write_bytes(data)
    done = report(runner, work)
    refused(done, "ref.docx[word/media/image1.png]: error: part inflates")
    assert "decompression bomb" in done.stderr
    assert not (work / "out.docx").exists()


@pytest.mark.slow
def test_a_document_unpacking_past_64_mib_is_refused(runner: Runner, work: Path) -> None:
    import random

    table = bytes(b"ab"[i & 1] for i in range(256))

    def big(parts: dict[str, bytes]) -> None:
        for i in range(2):  # one bit per byte: packs about 6 times, under every ratio limit
            noise = random.Random(i).randbytes(33 * 1024 * 1024).translate(table)
            parts[f"word/media/image{i}.png"] = noise

    data = variant(big)
    assert len(data) < 16 * 1024 * 1024
    (work / "ref.docx").write_bytes(data)
    refused(report(runner, work), "ref.docx: error: the document unpacks to 66 MiB, more than 64")


@pytest.mark.parametrize(
    ("part", "text", "line"),
    [
        (
            "word/footer1.xml",
            '<?xml version="1.0"?>\n<!DOCTYPE w:ftr [\n<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
            2,
        ),
        ("word/styles.xml", '<?xml version="1.0"?>\n\n\n<!ENTITY lol "lol">\n', 4),
    ],
)
def test_dtds_and_entities_are_refused_at_their_line(
    runner: Runner, work: Path, part: str, text: str, line: int
) -> None:
    def entity(parts: dict[str, bytes]) -> None:
        body = parts[part].split(b"?>", 1)[1]
        parts[part] = text.encode() + body

    (work / "ref.docx").write_bytes(variant(entity))
    done = report(runner, work)
    refused(done, f"ref.docx[{part}]:{line}:1: error: declares a")
    assert "DTDs and entities are refused" in done.stderr


def test_external_relationships_are_dropped_and_said(runner: Runner, work: Path) -> None:
    def external(parts: dict[str, bytes]) -> None:
        add_rel(
            parts,
            '<Relationship Id="rIdRemote" TargetMode="External" Target="http://evil.example/p.png"'
            ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>',
        )
        parts["word/_rels/settings.xml.rels"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            b'"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            b'Id="rIdT" TargetMode="External" Target="file://share/evil.dotm" Type="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/>'
            b"</Relationships>"
        )
        parts["word/settings.xml"] = parts["word/settings.xml"].replace(
            b"<w:zoom",
            b'<w:attachedTemplate xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships" r:id="rIdT"/><w:zoom',
            1,
        )

    (work / "ref.docx").write_bytes(variant(external))
    done = report(runner, work)
    assert done.returncode == 0, done.stderr
    assert (
        "ref.docx: warning: dropped the external link rIdRemote ('http://evil.example/p.png') "
        "of word/document.xml"
    ) in done.stderr
    assert (
        "dropped the external link rIdT ('file://share/evil.dotm') of word/settings.xml"
        in done.stderr
    )
    with zipfile.ZipFile(work / "out.docx") as archive:
        every = b"".join(archive.read(n) for n in archive.namelist())
    assert b"External" not in every and b"evil" not in every and b"attachedTemplate" not in every


def test_macro_parts_are_dropped_and_said(runner: Runner, work: Path) -> None:
    def macro(parts: dict[str, bytes]) -> None:
        parts["word/vbaProject.bin"] = b'\xd0\xcf\x11\xe0 Sub AutoOpen() Shell "calc" End Sub'
        add_rel(
            parts,
            '<Relationship Id="rIdVba" Target="vbaProject.bin" '
            'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/>',
        )
        parts[TYPES] = parts[TYPES].replace(
            b"</Types>",
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )

    (work / "ref.docx").write_bytes(variant(macro))
    done = report(runner, work)
    assert done.returncode == 0, done.stderr
    assert "ref.docx: warning: dropped the macro part word/vbaProject.bin" in done.stderr
    with zipfile.ZipFile(work / "out.docx") as archive:
        names = archive.namelist()
        every = b"".join(archive.read(n) for n in names)
    assert not [n for n in names if "vba" in n.lower()]
    assert b"vbaProject" not in every and b"AutoOpen" not in every


def test_a_docm_is_refused_naming_the_file(runner: Runner, work: Path) -> None:
    def docm(parts: dict[str, bytes]) -> None:
        parts[TYPES] = parts[TYPES].replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
        )

    (work / "ref.docm").write_bytes(variant(docm))
    done = report(runner, work, "ref.docm")
    refused(done, "ref.docm: error: is a macro-enabled Word document (.docm)")
    assert "BytesIO" not in done.stderr


@pytest.mark.parametrize(
    ("tag", "fragment"),
    [("body", "the document has no body (w:body)"), ("sectPr", "the document has no section")],
)
def test_a_document_without_body_or_section_is_refused(
    runner: Runner, work: Path, tag: str, fragment: str
) -> None:
    def change(parts: dict[str, bytes]) -> None:
        body = parts["word/document.xml"].decode()
        assert f"<w:{tag}>" in body and f"</w:{tag}>" in body
        body = body.replace(f"<w:{tag}>", f"<w:no{tag}>").replace(f"</w:{tag}>", f"</w:no{tag}>")
        parts["word/document.xml"] = body.encode()

    (work / "ref.docx").write_bytes(variant(change))
    refused(report(runner, work), f"ref.docx[word/document.xml]: error: {fragment}")
