"""Read a spreadsheet (CSV in any common encoding and delimiter, or XLSX) into rows of text;
write tables as CSV (UTF-8 with BOM) or XLSX, with formula-safe cells."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_ROWS = 20_000


class TableError(ValueError):
    """The file cannot be read as a table; the message is translated and says why."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    # (row number as a spreadsheet shows it, {header: text})
    rows: list[tuple[int, dict[str, str]]]


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's 'Unicode text'), else Windows-1252."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_table(content: bytes, file_name: str = "") -> Table:
    if not content.strip():
        raise TableError(_("The file is empty."))
    if content.startswith(b"PK\x03\x04") or file_name.lower().endswith(".xlsx"):
        matrix = read_xlsx(content)
    else:
        matrix = read_csv(decode(content))
    matrix = [row for row in matrix if any(cell.strip() for cell in row)] if matrix else []
    if not matrix:
        raise TableError(_("The file has no rows."))
    headers = [normalize_header(h) for h in matrix[0]]
    if len(matrix) - 1 > MAX_ROWS:
        raise TableError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    rows: list[tuple[int, dict[str, str]]] = []
    # Row numbers count the header as row 1, as spreadsheets do; blank rows keep their number.
    for number, row in enumerate(matrix[1:], start=2):
        values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(headers) if h}
        rows.append((number, values))
    return Table(headers=[h for h in headers if h], rows=rows)


def normalize_header(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


def read_csv(text: str) -> list[list[str]]:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise TableError(
            _("The file is not a readable CSV file (%(error)s).") % {"error": error}
        ) from None


def read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only imports need it

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError(_("The file is not a readable Excel (.xlsx) file.")) from None
    sheet = book.worksheets[0]
    matrix = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return matrix


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Writing tables: the reports' exports and the awards' annual list.

Cell = str | int | float | None


def formula_safe(value: Cell) -> Cell:
    """Spreadsheets run a text cell starting with = + - @ (or a tab, a CR) as a formula: quote it.

    Numbers pass as they are (a negative number is not a formula).
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_bytes(headers: list[str], rows: Iterable[Iterable[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Lao), every cell formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([formula_safe(h) for h in headers])
    for row in rows:
        writer.writerow(["" if cell is None else formula_safe(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode()


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[Cell]]


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """An Excel workbook, one sheet per table, the header row bold; text cells formula-safe."""
    from openpyxl import Workbook  # imported here: only exports need it
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    book.remove(book.active)  # type: ignore[arg-type]
    for sheet in sheets:
        # Excel refuses sheet titles over 31 characters and with []:*?/\ in them.
        title = "".join(c for c in sheet.title if c not in "[]:*?/\\")[:31] or "Sheet"
        page = book.create_sheet(title)
        page.append([formula_safe(h) for h in sheet.headers])
        for cell in page[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append([formula_safe(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
