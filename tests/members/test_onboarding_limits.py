"""The person import reads no more of a file than it may use: one row past the limit, and a bounded number of
columns, so a small compressed spreadsheet cannot unpack a huge sheet in memory."""
import io

import pytest
from openpyxl import Workbook

from members import onboarding


def xlsx(rows, columns=3):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["type", "navn"] + [f"x{i}" for i in range(columns - 2)])
    for number in range(rows):
        sheet.append(["part", f"Kommune {number}"] + [""] * (columns - 2))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_sheet_longer_than_the_limit_is_read_only_one_row_past_it_and_refused(monkeypatch):
    monkeypatch.setattr(onboarding, "MAX_ROWS", 50)
    content = xlsx(400)
    assert len(onboarding._xlsx_rows(content)) == 51
    with pytest.raises(onboarding.ImportRefused) as refused:
        onboarding.read_rows(content, "stor.xlsx")
    assert "Filen har mer enn 50 rader." in refused.value.args[0]


def test_a_csv_longer_than_the_limit_is_refused_the_same_way(monkeypatch):
    monkeypatch.setattr(onboarding, "MAX_ROWS", 50)
    content = ("type;navn\n" + "".join(f"part;Kommune {n}\n" for n in range(400))).encode()
    assert len(onboarding._csv_rows(content)) == 51
    with pytest.raises(onboarding.ImportRefused) as refused:
        onboarding.read_rows(content, "stor.csv")
    assert "Filen har mer enn 50 rader." in refused.value.args[0]


def test_only_the_first_columns_of_a_very_wide_sheet_are_read():
    rows = onboarding._xlsx_rows(xlsx(2, columns=onboarding.MAX_COLUMNS + 40))
    assert {len(row) for row in rows} == {onboarding.MAX_COLUMNS}
