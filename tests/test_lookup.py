"""`nomenklatur lookup "WORDS"`: a search by name ranks the names that are the query, then the names holding
every query word (each word the start of a word of the name, in any order), then the merely similar ones; the
text output labels its columns and names the list searched by its regulation, and says when the newest list was
searched because no year or table was asked."""

from __future__ import annotations

import json

from nomenklatur.tables import default_catalog
from nomenklatur.teks import search_text


def _holds_words(name: str, query: str) -> bool:
    words = search_text(name).split()
    return all(any(w.startswith(q) for w in words) for q in search_text(query).split())


def _search(cli, *args: str) -> dict:
    done = cli("lookup", *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_name_itself_then_names_holding_the_words_then_similar_names(cli) -> None:
    found = _search(cli, "penataan desa", "--tahun", "2021", "--tingkat", "kabkota", "--limit", "100")
    matches = found["matches"]
    assert found["table"] == "fy2021" and found["query"] == "penataan desa"
    assert (matches[0]["code"], matches[0]["name"], matches[0]["match"]) == ("2.13.02", "PROGRAM PENATAAN DESA", "exact")
    # every name of the list holding both words comes before any name that is only similar
    table = default_catalog().table("fy2021")
    holding = {e.code for e in table.entries("kabkota") if e.name and _holds_words(e.name, "penataan desa")}
    assert len(holding) > 3
    ranked = [m["code"] for m in matches]
    assert set(ranked[:len(holding)]) == holding
    assert all(m["match"] == "fuzzy" and not _holds_words(m["name"], "penataan desa") for m in matches[len(holding):])
    assert ranked.index("2.13.02.2.01") < ranked.index("6.01.02.2.01.05")  # Penyelenggaraan Penataan Desa first,
    assert next(m for m in matches if m["code"] == "6.01.02.2.01.05")["name"] == "Pengawasan Desa"  # then this
    # the words as given: the phrase in order before the words scattered, fewer other words first
    words = [m["name"] for m in matches if m["match"] == "words"]
    assert words.index("Penyelenggaraan Penataan Desa") < words.index(
        next(n for n in words if "penataan desa" not in search_text(n)))


def test_word_starts_in_any_order_rank_before_similar_names(cli) -> None:
    matches = _search(cli, "desa penat", "--tahun", "2021", "--tingkat", "kabkota", "--limit", "30")["matches"]
    kinds = [m["match"] for m in matches]
    assert kinds == sorted(kinds, key=["exact", "words", "fuzzy"].index)
    first = [m["code"] for m in matches if m["match"] == "words"]
    assert "2.13.02" in first and "2.13.02.2.01" in first
    assert all(_holds_words(m["name"], "desa penat") for m in matches if m["match"] == "words")


def test_text_output_labels_its_columns_and_names_the_regulation(cli) -> None:
    done = cli("lookup", "penataan desa", "--tahun", "2021")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "Kepmendagri 050-3708/2020 (TA 2021)" in lines[0] and "fy2021" in lines[0]
    header = next(line for line in lines if "skor" in line)
    assert header.split()[:5] == ["skor", "cocok", "kode", "tingkat", "nama"]
    first = lines[lines.index(header) + 1]
    assert "2.13.02 " in first and "PROGRAM PENATAAN DESA" in first
    assert "terbaru" not in done.stdout  # a year was asked: nothing said of the newest list
    english = cli("lookup", "penataan desa", "--tahun", "2021", "--lang", "en").stdout
    assert "Kepmendagri 050-3708/2020 (FY2021)" in english
    assert next(line for line in english.splitlines() if "score" in line).split()[:5] == [
        "score", "match", "code", "level", "name"]


def test_without_a_year_or_table_the_newest_list_is_searched_and_said_so(cli) -> None:
    catalog = default_catalog()
    newest = max(catalog.names("nomenklatur"), key=lambda n: max(catalog.meta(n).fiscal_years, default=0))
    label = catalog.meta(newest).label()
    done = cli("lookup", "penataan desa")
    assert done.returncode == 0, done.stderr
    assert label in done.stdout and "terbaru" in done.stdout and "--tahun" in done.stdout and "--tabel" in done.stdout
    found = _search(cli, "penataan desa")
    assert found["table"] == newest and found["regulation"] == label and found["newest"] is True
    assert "--tahun" in found["note"]
    english = cli("lookup", "penataan desa", "--lang", "en").stdout
    assert "newest" in english and catalog.meta(newest).label("en") in english


def test_a_table_asked_by_name_is_named_by_its_regulation(cli) -> None:
    found = _search(cli, "penataan desa", "--tabel", "p90-2019")
    assert found["table"] == "p90-2019" and found["regulation"] == "Permendagri 90/2019"
    assert found["newest"] is False and found["note"] is None
    assert found["matches"][0]["code"] == "2.13.02"
    assert "Permendagri 90/2019" in cli("lookup", "penataan desa", "--tabel", "p90-2019").stdout
