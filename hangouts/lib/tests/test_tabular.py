import io

import pytest
from openpyxl import Workbook

from hangouts.lib.tabular import TableError, read_table


def test_read_table_reads_utf8_csv_with_bom_and_numbers_rows_as_spreadsheets_do():
    table = read_table("\ufeffName,Email\nນາງ ແກ້ວ,k@example.org\n\nທ້າວ ບຸນ,\n".encode())
    assert table.headers == ["name", "email"]
    assert table.rows == [
        (2, {"name": "ນາງ ແກ້ວ", "email": "k@example.org"}),
        (3, {"name": "ທ້າວ ບຸນ", "email": ""}),
    ]


def test_read_table_reads_semicolons_and_utf16_tabs_as_excel_saves_them():
    assert read_table(b"name;phone\nNoy;020 5551 2345\n").rows[0][1]["phone"] == "020 5551 2345"
    utf16 = "name\tphone\nນ້ອຍ\t020\n".encode("utf-16")
    assert read_table(utf16).rows[0][1] == {"name": "ນ້ອຍ", "phone": "020"}


def test_read_table_reads_the_first_sheet_of_an_xlsx_file():
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Phone"])
    sheet.append(["ນາງ ແກ້ວ", 2055512345])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "roster.xlsx")
    assert table.rows == [(2, {"name": "ນາງ ແກ້ວ", "phone": "2055512345"})]


@pytest.mark.parametrize("content", [b"", b"   \n", b"\n\n"])
def test_read_table_refuses_an_empty_file(content):
    with pytest.raises(TableError):
        read_table(content)


def test_read_table_refuses_a_broken_xlsx_file():
    with pytest.raises(TableError, match="Excel"):
        read_table(b"PK\x03\x04 broken", "roster.xlsx")


def test_formula_safe_quotes_formulas_but_not_numbers() -> None:
    from hangouts.lib.tabular import formula_safe

    assert [formula_safe(v) for v in ("=1+1", "+856", "-x", "@a", "\tz", "ok", -3, None)] == [
        *("'=1+1", "'+856", "'-x", "'@a", "'\tz", "ok", -3, None)
    ]


def test_csv_bytes_has_a_bom_and_safe_cells() -> None:
    from hangouts.lib.tabular import csv_bytes

    content = csv_bytes(["ຊື່", "n"], [["=cmd", 3], [None, 4.5]])

    assert content.decode("utf-8") == "\ufeffຊື່,n\r\n'=cmd,3\r\n,4.5\r\n"


def test_xlsx_bytes_reads_back_with_one_sheet_per_table() -> None:
    import io

    from openpyxl import load_workbook

    from hangouts.lib.tabular import Sheet, xlsx_bytes

    content = xlsx_bytes(
        [Sheet("A/B: [long] name over thirty-one characters", ["x"], [["=1"], [2]])]
    )

    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["AB long name over thirty-one ch"]
    sheet = book.worksheets[0]
    assert list(sheet.iter_rows(values_only=True)) == [("x",), ("'=1",), (2,)]
    assert sheet["A1"].font.bold
