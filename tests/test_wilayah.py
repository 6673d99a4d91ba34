"""NK601 on a plan's kode lokasi: a place outside the file's region is an error; the province that holds a
kabupaten's file is wider than the file, not outside it (a warning that says so)."""

from __future__ import annotations

import json
from pathlib import Path

from workbooks import write_xlsx


def test_a_province_wide_location_in_a_kabupaten_file_is_wider_not_outside(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "kukar_2021.xlsx", {"Renja": [
        ("RENJA KABUPATEN KUTAI KARTANEGARA TAHUN 2021",), (), ("Kode", "Uraian", "Lokasi"),
        ("2.13.02.2.01.01", "Penyelenggaraan Penataan Desa", "64"),  # all of Kalimantan Timur
        ("2.13.02.2.01.02", "Fasilitasi Penataan Desa", "64.07"),  # Kutai Barat
        ("2.13.02.2.01.03", "Fasilitasi Penataan Desa", "64.02")]})  # the file's own region
    data = json.loads(cli("check", str(path), "--format", "json").stdout)
    found = {f["cell"]: f for f in data["findings"] if f["rule"] == "NK601"}
    assert sorted(found) == ["C4", "C5"]
    assert found["C4"]["severity"] == "warning" and "lebih luas dari wilayah berkas ini" in found["C4"]["message"]
    assert found["C5"]["severity"] == "error" and "berada di luar wilayah berkas ini" in found["C5"]["message"]
