"""What a slides file really is, by its content, never by its name.

A PDF starts with `%PDF-`. A PowerPoint (.pptx) file is a ZIP holding `[Content_Types].xml`
and `ppt/presentation.xml`: only the ZIP's central directory is read (`zipfile.namelist`),
nothing is extracted or decompressed, so a ZIP bomb costs nothing.
"""

from __future__ import annotations

import zipfile
from typing import IO

from hangouts.library.models import EXTENSIONS, PDF, PPTX

PPTX_MEMBERS = frozenset({"[Content_Types].xml", "ppt/presentation.xml"})
ZIP_MAGIC = b"PK\x03\x04"


def sniff(file: IO[bytes]) -> str:
    """The content type the bytes show (PDF or PPTX), or "" for anything else."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(ZIP_MAGIC) and is_pptx(file):
        return PPTX
    return ""


def is_pptx(file: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return False
    finally:
        file.seek(0)
    return names >= PPTX_MEMBERS


def extension_of(name: str) -> str:
    """The name's extension, lowercase, with its dot ("" when it has none)."""
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def name_for(name: str, content_type: str) -> str:
    """The download name: the uploaded one, with the right extension added when it has none
    of ours (a PDF uploaded as "slides" downloads as "slides.pdf")."""
    wanted = EXTENSIONS[content_type]
    return name if extension_of(name) == wanted else f"{name}{wanted}"
