"""The shipped tables: reproducible from the official facts, complete, consistent; year choice; import."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from nomenklatur.tables import Catalog, default_catalog
from nomenklatur.tables.shipped import build_shipped
from nomenklatur.tables.store import SHIPPED_DIR
from nomenklatur.tables.table import parent_code

CODE_TABLES = ["p90-2019", "fy2021", "fy2024", "sipd-2027", "akun-2019", "akun-2021", "wilayah-2020", "wilayah-2025"]


def _source_counts(path: Path, pemda_filter: str | None = None) -> Counter[str]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if pemda_filter:
        rows = [r for r in rows if pemda_filter in r["jenis_pemda"].split("|")]
    return Counter(r["level"] for r in rows)


def test_shipped_tables_are_reproducible_from_the_sources(reference: Path, tmp_path: Path) -> None:
    build_shipped(reference, tmp_path)
    shipped = sorted(p.name for p in SHIPPED_DIR.glob("*.json"))
    assert sorted(p.name for p in tmp_path.glob("*.json")) == shipped
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (SHIPPED_DIR / name).read_bytes(), name


def test_counts_per_level_equal_the_source_counts(reference: Path, cli) -> None:
    result = cli("tables", "--json")
    assert result.returncode == 0, result.stderr
    counts = {t["name"]: t["counts"] for t in json.loads(result.stdout)["tables"]}
    nk = reference / "nomenklatur"
    p90_prov = _source_counts(nk / "p90_2019_provinsi_permendagri_90-2019.csv")
    p90_kab = _source_counts(nk / "p90_2019_kabkota_permendagri_90-2019.csv")
    assert counts["p90-2019"] == {"provinsi": dict(p90_prov), "kabkota": dict(p90_kab)}
    assert p90_prov == {"urusan": 10, "bidang": 53, "program": 193, "kegiatan": 484, "sub_kegiatan": 2301}
    fy2021 = _source_counts(nk / "fy2021_kabkota_kepmendagri_050-3708-2020.csv")
    assert fy2021 == {"urusan": 8, "bidang": 43, "program": 163, "kegiatan": 410, "sub_kegiatan": 1983}
    assert counts["fy2021"] == {"kabkota": dict(fy2021), "provinsi": dict(p90_prov)}
    fy2024 = _source_counts(nk / "fy2024_kabkota_kepmendagri_900.1.15.5-1317-2023.csv")
    assert counts["fy2024"] == {"kabkota": dict(fy2024)}
    for level, word in (("provinsi", "PROV"), ("kabkota", "KABKOT")):
        sipd = dict(_source_counts(nk / "sipd_2027_codes.csv", word))
        got = dict(counts["sipd-2027"][level])
        assert got.pop("urusan") > 0  # supplied from urusan_bidang.csv, the only source of urusan names
        assert got == sipd
    lra = _source_counts(reference / "akun" / "p90_2019_lra_akun_4-6_permendagri_90-2019.csv")
    assert counts["akun-2019"]["semua"]["sub_rincian_objek"] == lra["sub_rincian_objek"]
    wilayah = _source_counts(reference / "wilayah" / "wilayah_2020_kepmendagri_146.1-4717-2020.csv")
    got = counts["wilayah-2020"]["semua"]
    assert (got["provinsi"], got["kabkota"], got["kecamatan"]) == (34, 514, 7230)
    assert got["desa"] + got["kelurahan"] == wilayah["desa_kelurahan"] == 83449


@pytest.mark.parametrize("name", CODE_TABLES)
def test_every_parent_exists_and_no_duplicate_key(name: str) -> None:
    table = default_catalog().table(name)
    keys = Counter((e.pemda, e.code) for e in table.entries())
    assert keys and max(keys.values()) == 1
    for e in table.entries():
        parent = parent_code(e.code, table.meta.jenis)
        if parent is not None and parent not in ("X", "X.XX"):
            assert table.get(parent, e.pemda) is not None, (name, e.code)


def test_fiscal_year_to_version() -> None:
    catalog = default_catalog()
    exact = catalog.choose(2021, "kabkota")
    assert (exact.table, exact.exact, exact.note) == ("fy2021", True, None)
    provinsi = catalog.choose(2021, "provinsi")
    assert provinsi.table == "fy2021" and provinsi.exact and "90/2019" in provinsi.describe()
    assert catalog.choose(2024, "kabkota").table == "fy2024"
    for year, level, table in ((2022, "kabkota", "fy2021"), (2023, "kabkota", "fy2021"),
                               (2024, "provinsi", "fy2025"), (2025, "kabkota", "fy2025"), (2026, "kabkota", "fy2026"),
                               (2030, "provinsi", "sipd-2027"), (2019, "kabkota", "fy2021")):
        choice = catalog.choose(year, level)
        assert (choice.table, choice.exact) == (table, False), year
        assert str(year) in choice.describe() and catalog.meta(table).regulation in choice.describe("en")
    assert "050-5889/2021" in catalog.choose(2022, "kabkota").describe()
    observed = catalog.choose(2026, "kabkota").describe()
    assert "teramati dipakai pada TA 2026" in observed and "900.1-2850/2025" in observed
    assert not catalog.meta("fy2026").full and catalog.meta("fy2024").full
    assert catalog.choose(2021, jenis="wilayah").table == "wilayah-2020"
    assert catalog.choose(2021, jenis="akun").table == "akun-2021"


def test_provincial_entries_of_fy2021_are_marked_with_their_list() -> None:
    table = default_catalog().table("fy2021")
    prov = table.get("2.13.02.1.01", "provinsi")
    kab = table.get("2.13.02.2.01", "kabkota")
    assert prov is not None and prov.asal == "p90-2019"
    assert kab is not None and kab.asal == "fy2021"


def test_generic_supporting_program_resolves_for_any_bidang() -> None:
    table = default_catalog().table("fy2021")
    entry = table.find("1.02.01.2.01.01", "kabkota")
    assert entry is not None and entry.code == "X.XX.01.2.01.01"
    assert entry.name == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    assert table.find("1.02.01.2.01.99", "kabkota") is None


def test_sipd_codes_are_keyed_by_level() -> None:
    table = default_catalog().table("sipd-2027")
    both = [(e.code, e.name) for e in table.entries("provinsi")
            if (k := table.get(e.code, "kabkota")) is not None and k.name != e.name]
    assert len(both) > 100
    program = table.get("X.XX.01", "provinsi")
    assert program is not None and program.name.endswith("PROVINSI")


def test_crosswalks_name_successors() -> None:
    catalog = default_catalog()
    old_new = catalog.crosswalk("p90-2019~fy2021")
    assert {l.relation for l in old_new.links("X.XX.01.2.01.01", "kabkota")} == {"renamed"}
    assert any(l.relation == "moved" and l.to_code == "X.XX.01.2.02.06" for l in old_new.links("X.XX.01.2.02.05", "kabkota"))
    era = catalog.crosswalk("fy2021~fy2024")
    links = era.links("2.13.02.2.01.01", "kabkota")
    assert links and all(len(l.to_code.split(".")[-1]) == 4 for l in links)
    akun = catalog.crosswalk("akun-2019~akun-2021")
    assert len(akun) > 1000
    assert all(len(l.to_code.split(".")[-1]) == 4 for l in akun.links("5.1.02.01.01.001") if l.to_code)
    pendahulu = catalog.crosswalk("sipd-2027-pendahulu")
    assert pendahulu.links("1.02.02.1.02.0013", "provinsi")[0].to_code == "1.02.02.1.02.0035"


def _official_list(path: Path, rows: list[tuple[str, str]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Kode", "Nomenklatur"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)


def test_import_builds_a_new_version_from_an_xlsx_list(tmp_path: Path, cli) -> None:
    source = tmp_path / "kepmendagri-2030.xlsx"
    _official_list(source, [("2", "URUSAN PEMERINTAHAN WAJIB"), ("2.13", "BIDANG PMD"),
                            ("2.13.02", "PROGRAM PENATAAN DESA"), ("2.13.02.2.01", "Fasilitasi Penataan Desa"),
                            ("2.13.02.2.01.0001", "Fasilitasi Penataan Desa Baru")])
    result = cli("tables", "import", str(source), "--name", "fy2030", "--years", "2030", "--tingkat", "kabkota",
                 "--regulasi", "Kepmendagri contoh/2029", "--pinjam", "provinsi=sipd-2027")
    assert result.returncode == 0, result.stderr
    listing = json.loads(cli("tables", "--json").stdout)
    meta = next(t for t in listing["tables"] if t["name"] == "fy2030")
    assert meta["counts"]["kabkota"] == {"urusan": 1, "bidang": 1, "program": 1, "kegiatan": 1, "sub_kegiatan": 1}
    assert meta["counts"]["provinsi"]["sub_kegiatan"] == 4031
    assert meta["fiscal_years"] == [2030] and meta["sources"][0]["file"] == source.name
    found = cli("lookup", "2.13.02.2.01.0001", "--json")
    assert any(v["table"] == "fy2030" for v in json.loads(found.stdout)["versions"])
    again = cli("tables", "import", str(source), "--name", "fy2030", "--tingkat", "kabkota")
    assert again.returncode == 2 and "sudah ada" in again.stderr


def test_import_refuses_a_list_with_orphans_and_bad_codes(tmp_path: Path, cli) -> None:
    orphan = tmp_path / "orphan.xlsx"
    _official_list(orphan, [("2.13.02.2.01.0001", "Tanpa induk")])
    result = cli("tables", "import", str(orphan), "--name", "rusak", "--tingkat", "kabkota")
    assert result.returncode == 2 and "induk" in result.stderr and "Traceback" not in result.stderr
    bad = tmp_path / "bad.xlsx"
    _official_list(bad, [("2.13.ab", "Kode rusak")])
    result = cli("tables", "import", str(bad), "--name", "rusak", "--tingkat", "kabkota")
    assert result.returncode == 2 and "bad.xlsx baris 2" in result.stderr and "Traceback" not in result.stderr
    result = cli("tables", "import", str(tmp_path / "missing.csv"), "--name", "x", "--tingkat", "kabkota", "--lang", "en")
    assert result.returncode == 2 and "missing.csv" in result.stderr


def test_lookup_code_and_name(cli) -> None:
    result = cli("lookup", "2.13.02")
    assert result.returncode == 0, result.stderr
    assert "Kepmendagri 050-3708/2020 (TA 2021)  [kabupaten/kota]: PROGRAM PENATAAN DESA" in result.stdout
    data = json.loads(cli("lookup", "2.13.02", "--json").stdout)
    assert data["kind"] == "program" and data["children"] > 0
    assert {v["table"] for v in data["versions"]} >= {"p90-2019", "fy2021", "fy2024", "sipd-2027"}
    assert data["parents"][-1]["code"] == "2.13"
    names = json.loads(cli("lookup", "penataan desa", "--tahun", "2021", "--json").stdout)
    assert names["table"] == "fy2021"
    assert names["matches"][0]["code"] == "2.13.02"
    english = cli("lookup", "penataan desa", "--lang", "en")
    assert "matches for" in english.stdout


def test_lookup_follows_the_crosswalks_both_ways(cli) -> None:
    """A code shows what stands for it in the versions that lack it: an older code its successor, a newer code
    its predecessor; a 2026-shape account is looked up in its 4-digit form; an unknown code exits 1."""
    older = cli("lookup", "2.13.01.2.03.12")
    assert older.returncode == 0 and "2.13.01.2.06.0001" in older.stdout  # the successor check also names
    newer = json.loads(cli("lookup", "2.13.02.2.01.0001", "--json").stdout)
    fy2021 = next(c for c in newer["counterparts"] if c["table"] == "fy2021")
    assert [c["code"] for c in fy2021["codes"]] == ["2.13.02.2.01.01"]
    assert fy2021["regulation"] == "Kepmendagri 050-3708/2020 (TA 2021)"
    removed = cli("lookup", "2.13.02.2.01.07")
    assert "dihapus tanpa pengganti di Kepmendagri 050-3708/2020 (TA 2021)" in removed.stdout
    shaped = json.loads(cli("lookup", "5.1.02.02.001.00086", "--json").stdout)
    assert shaped["form_4digit"] == "5.1.02.02.01.0086" and [v["table"] for v in shaped["versions"]] == ["akun-2026"]
    unknown = cli("lookup", "2.13.99.2.01.0001")
    assert unknown.returncode == 1 and "tidak ada dalam versi tabel mana pun" in unknown.stdout


def test_a_user_catalog_cannot_shadow_shipped_tables(tmp_path: Path) -> None:
    catalog = Catalog((SHIPPED_DIR, tmp_path))
    assert catalog.path("fy2021").parent == SHIPPED_DIR


@pytest.mark.parametrize("name", ["wilayah-2020", "wilayah-2025", "fy2021", "fy2024", "akun-2021", "sipd-2027"])
def test_lines_looked_up_undecoded_are_the_decoded_rows(name: str) -> None:
    """A shipped table read lazily (rows found by their leading fields, decoded on use) answers every
    lookup and every kind listing exactly as the fully decoded table."""
    from nomenklatur.tables.store import SHIPPED_DIR, read_table, read_table_text
    from nomenklatur.tables.table import Table

    path = SHIPPED_DIR / f"{name}.json"
    lazy, full = Table(*read_table_text(path)[:1], text=read_table_text(path)[1]), Table(*read_table(path))
    rows = list(full.entries())
    assert len(lazy) == len(full) == len(rows)
    keys = [(e.pemda, e.code) for e in rows[::7]] + [("", "6"), ("", "64"), ("", ""), ("kabkota", "X.XX.01"),
                                                     ("provinsi", "1.01"), ("", "64.02.03.9999"), ("", '6"4')]
    assert [lazy.get(c, p) for p, c in keys] == [full.get(c, p) for p, c in keys]
    keys += [("kabkota", "1.02.01.2.01.01"), ("provinsi", "3.27.01.1.01.01"), ("kabkota", "2.13.02.2.01.99")]
    found = [full.find(c, p) is not None for p, c in keys]
    assert [lazy.has(c, p) for p, c in keys] == [full.has(c, p) for p, c in keys] == found
    assert any(found) and not all(found)
    for kind in {e.kind for e in rows}:
        assert list(lazy.entries(None, kind)) == list(full.entries(None, kind))
    assert list(lazy.entries()) == rows  # asking for everything decodes everything


@pytest.mark.parametrize("tail", ["", "\n\n", " \t\r\n", "\r\n"])
@pytest.mark.parametrize("layout", ["stored", "indented"])
def test_a_table_file_reads_as_its_rows_whatever_follows_them(tmp_path: Path, layout: str, tail: str) -> None:
    """Rows' text is cut from the file's bytes: white space after the document (another editor's line ends) and
    non-ASCII names read the same; a file in another layout (indented JSON) is decoded whole, to the same rows."""
    from nomenklatur.tables.store import dumps, read_table, read_table_text
    from nomenklatur.tables.table import Table

    meta = read_table_text(SHIPPED_DIR / "wilayah-2025.json")[0]
    rows = [["", "64", "provinsi", "Kalimantan Timur", "", ""], ["", "64.02.03.2001", "desa", "Bakungan é", "", ""],
            ["", "64.02.03.2002", "desa", 'Loa "Duri"', "", ""]]
    text = dumps(meta, rows) if layout == "stored" else json.dumps(json.loads(dumps(meta, rows)), indent=2)
    path = tmp_path / "t.json"
    path.write_bytes(text.rstrip("\n").encode("utf-8") + tail.encode())
    got_meta, got_text = read_table_text(path)
    assert got_meta == read_table(path)[0] == meta
    assert list(Table(meta, text=got_text).entries()) == list(Table(meta, rows).entries())
    if layout == "stored":
        assert got_text == "\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"


def test_a_table_whose_lines_hold_escapes_still_knows_its_codes() -> None:
    """Older versions are asked for codes through one search of their text; a line that search cannot read
    plainly (an escape in its level or code) makes the table read its lines one by one instead."""
    from nomenklatur.tables.store import SHIPPED_DIR, read_table_text
    from nomenklatur.tables.table import Table

    meta = read_table_text(SHIPPED_DIR / "fy2021.json")[0]
    lines = ['["kabkota", "2.13.02", "program", "A", "", ""]', '["kabkota", "2.13.\\u00303", "program", "B", "", ""]',
             '["provinsi", "2.13.02.1.01", "kegiatan", "C \\"x\\"", "", ""]']
    lazy = Table(meta, text="\n" + ",\n".join(lines) + "\n")
    full = Table(meta, [json.loads(line) for line in lines])
    keys = [("kabkota", "2.13.02"), ("kabkota", "2.13.03"), ("provinsi", "2.13.02.1.01"), ("kabkota", "2.13.02.1.01"),
            ("kabkota", "2.13.\\u00303"), ("provinsi", "2.13.02")]
    assert [lazy.has(c, p) for p, c in keys] == [full.has(c, p) for p, c in keys] == [True, True, True, False, False, False]


@pytest.mark.parametrize("line", [
    '["kabkota", "2.13.02", "program", "Program Penataan Desa", "", ""],',  # as stored, comma included
    '["", "64.02.03.2001", "desa", "Bakungan", "", ""]',
    '["a", "say \\"hi\\"", "c"]',  # an escaped quote: json decodes it
    '["a", "caf\\u00e9"]',  # an escape sequence
    '["a","b"]',  # other spacing
    '["a, ", ", b"]',  # the separator inside a value
    '["a", 1, null]',  # not only strings
])
def test_a_row_line_decodes_as_json_reads_it(line: str) -> None:
    """The quick split of a stored row line gives exactly what `json.loads` gives, or leaves it to json."""
    from nomenklatur.tables.table import _decode

    assert _decode(line) == json.loads(line.rstrip(","))


def test_tables_says_which_list_governs_each_year_and_level(cli) -> None:
    """`nomenklatur tables` names, per fiscal year and level, the list of program codes, accounts and regions,
    by regulation, and whether it is the year's full list, a stand-in, or codes observed in use."""
    years = json.loads(cli("tables", "--json").stdout)["years"]
    by = {(row["tahun"], row["tingkat"]): row for row in years}
    assert {y for y, _ in by} == set(range(2020, 2029))
    assert (by[2021, "kabkota"]["program"]["status"], by[2021, "kabkota"]["program"]["regulation"]) == \
        ("lengkap", "Kepmendagri 050-3708/2020 (TA 2021)")
    assert by[2024, "kabkota"]["program"]["status"] == "lengkap"
    assert by[2023, "kabkota"]["program"]["status"] == "pengganti"
    assert (by[2026, "kabkota"]["program"]["table"], by[2026, "kabkota"]["program"]["status"]) == ("fy2026", "teramati")
    assert (by[2026, "kabkota"]["akun"]["table"], by[2026, "kabkota"]["akun"]["status"]) == ("akun-2026", "teramati")
    assert [by[y, "kabkota"]["sumber_dana"]["table"] for y in (2021, 2024, 2025, 2026)] == \
        ["sumber-dana-sesendok", "sumber-dana-sesendok", "sumber-dana-2025", "sumber-dana-2026"]
    text = cli("tables").stdout
    assert "TA 2025  kabupaten/kota" in text and "Kepmendagri 900.1.15.5-3406/2024 (kode teramati, TA 2025) [sebagian teramati]" in text
