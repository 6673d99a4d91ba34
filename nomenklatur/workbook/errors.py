"""The one error a workbook can raise, with a message that says what to do, in Indonesian or English."""

from __future__ import annotations

from typing import Mapping

from .model import column_letter

REASONS = (
    "not_found", "is_directory", "permission", "empty_file", "unknown_format", "corrupt", "encrypted",
    "zip_bomb", "too_large", "too_many_columns", "too_many_rows", "cell_too_large", "xml_entities",
    "too_many_cells", "too_many_parts",
)

_RESAVE_ID = "Buka berkas di Excel atau LibreOffice, simpan ulang sebagai .xlsx, lalu coba lagi."
_RESAVE_EN = "Open the file in Excel or LibreOffice, save it again as .xlsx, then try again."

# reason -> (Bahasa Indonesia, English); {where} is "berkas 'x'" or "lembar 'y' di berkas 'x'" (in English
# "file 'x'", "sheet 'y' of file 'x'").
_MESSAGES: Mapping[str, tuple[str, str]] = {
    "not_found": (
        "{where} tidak ditemukan. Periksa nama dan folder berkas tersebut.",
        "{where} was not found. Check the file name and folder.",
    ),
    "is_directory": (
        "{where} adalah folder, bukan berkas. Sebutkan berkasnya (.xlsx, .xls, .ods atau .csv).",
        "{where} is a folder, not a file. Name the workbook file itself (.xlsx, .xls, .ods or .csv).",
    ),
    "permission": (
        "{where} tidak dapat dibuka karena tidak ada izin membaca. Periksa hak akses atau salin berkas "
        "ke folder Anda sendiri.",
        "{where} cannot be opened: no permission to read it. Check its permissions or copy it to your "
        "own folder.",
    ),
    "empty_file": (
        "{where} kosong (0 byte). Pastikan berkas tersimpan atau terunduh dengan lengkap.",
        "{where} is empty (0 bytes). Make sure the file was saved or downloaded completely.",
    ),
    "unknown_format": (
        "Format {where} tidak dikenali{hint_id}. Yang dapat dibaca: .xlsx, .xlsm, .xls, .ods dan .csv. "
        + _RESAVE_ID,
        "The format of {where} is not recognised{hint_en}. Readable formats: .xlsx, .xlsm, .xls, .ods and "
        ".csv. " + _RESAVE_EN,
    ),
    "corrupt": (
        "{where} rusak atau tidak lengkap sehingga tidak dapat dibaca. " + _RESAVE_ID,
        "{where} is damaged or incomplete and cannot be read. " + _RESAVE_EN,
    ),
    "encrypted": (
        "{where} dilindungi kata sandi (terenkripsi). Buka di Excel, hapus kata sandinya "
        "(File > Info > Protect Workbook > Encrypt with Password), simpan, lalu coba lagi.",
        "{where} is password-protected (encrypted). Open it in Excel, remove the password "
        "(File > Info > Protect Workbook > Encrypt with Password), save, then try again.",
    ),
    "zip_bomb": (
        "{where} ditolak: isinya terkompresi secara tidak wajar{ratio_id} dan dapat menghabiskan memori. "
        "Jika berkas ini asli, buka dan simpan ulang di Excel lalu coba lagi.",
        "{where} was refused: its content is compressed abnormally{ratio_en} and could exhaust memory. "
        "If the file is genuine, open and save it again in Excel, then try again.",
    ),
    "too_large": (
        "{where} terlalu besar ({part_id}{size}; batas {limit}). Pecah menjadi beberapa berkas atau hapus lembar "
        "yang tidak diperlukan.",
        "{where} is too large ({part_en}{size}; limit {limit}). Split it into several files or delete sheets "
        "that are not needed.",
    ),
    "too_many_columns": (
        "{where} berisi nilai di kolom {column} (batas {limit} kolom). Hapus isi kolom yang tidak "
        "dipakai di sebelah kanan, lalu coba lagi.",
        "{where} has a value in column {column} (limit {limit} columns). Clear the unused columns on "
        "the right, then try again.",
    ),
    "too_many_rows": (
        "{where} berisi lebih dari {limit} baris terisi. Pecah data menjadi beberapa lembar atau berkas.",
        "{where} has more than {limit} filled rows. Split the data over several sheets or files.",
    ),
    "cell_too_large": (
        "Sel {cell} pada {where} berisi lebih dari {limit} karakter (batas Excel). Periksa isi sel "
        "tersebut.",
        "Cell {cell} in {where} holds more than {limit} characters (Excel's limit). Check that cell.",
    ),
    "too_many_cells": (
        "{where} mencakup area {rows} baris x {columns} kolom; seluruh workbook {cells} sel (batas {limit} "
        "sel). Berkas .xls dan .ods dibaca utuh ke memori: hapus isi sel yang jauh di luar tabel, atau simpan "
        "ulang sebagai .xlsx.",
        "{where} spans {rows} rows x {columns} columns; the whole workbook {cells} cells (limit {limit} "
        "cells). .xls and .ods files are read whole into memory: clear the cells far outside the table, or "
        "save it as .xlsx.",
    ),
    "too_many_parts": (
        "{where} berisi terlalu banyak bagian ({count} {what_id}; batas {limit}). Pecah menjadi beberapa berkas, "
        "atau simpan ulang di Excel bila berkas ini dibuat aplikasi lain.",
        "{where} holds too many parts ({count} {what_en}; limit {limit}). Split it into several files, or save "
        "it again in Excel if another program made it.",
    ),
    "xml_entities": (
        "{where} ditolak demi keamanan: berisi deklarasi DOCTYPE/entitas XML yang tidak pernah ada di "
        "berkas Excel atau LibreOffice asli. " + _RESAVE_ID,
        "{where} was refused for safety: it contains an XML DOCTYPE/entity declaration that genuine "
        "Excel or LibreOffice files never have. " + _RESAVE_EN,
    ),
}

# The `limits:` key of .nomenklatur.yaml that raises the bound behind an error.
_RAISE = (" Jika berkas ini memang wajar, naikkan `limits.{key}` di .nomenklatur.yaml.",
          " If the file is genuine, raise `limits.{key}` in .nomenklatur.yaml.")
_WHAT = {"members": ("bagian zip", "zip members"), "sheets": ("lembar", "sheets"),
         "directory": ("byte daftar isi zip", "bytes of zip directory")}

_HINTS = {  # unknown_format detail id -> (Indonesian, English) hint
    "html": (" (isinya halaman HTML yang diberi nama Excel)", " (it is an HTML page named like an Excel file)"),
    "xml2003": (" (format XML Spreadsheet 2003)", " (XML Spreadsheet 2003 format)"),
    "xlsb": (" (format biner .xlsb)", " (binary .xlsb format)"),
    "other_office": (" (dokumen Office/OpenDocument, bukan lembar kerja)",
                     " (an Office/OpenDocument file that is not a spreadsheet)"),
    "binary": (" (berisi data biner)", " (it holds binary data)"),
    "text": (" (berkas teks; bila isinya tabel, simpan sebagai .csv)",
             " (a text file; if it holds a table, save it as .csv)"),
}


def _count(n: object, english: bool) -> str:
    """12345678 -> "12.345.678" (Indonesian) or "12,345,678" (English)."""
    if not isinstance(n, int) or isinstance(n, bool):
        return str(n)
    text = f"{n:,}"
    return text if english else text.replace(",", ".")


def _column(n: object, english: bool) -> str:
    """513 -> "513 (SS)": the number and the letters Excel shows."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        return str(n)
    return f"{_count(n, english)} ({column_letter(n)})"


def _size(n: object) -> str:
    if not isinstance(n, int):
        return str(n)
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n} byte"


class WorkbookError(Exception):
    """A file (or one sheet of it) that cannot be read; `reason` is a stable id from `REASONS`.

    `params` fill the message; `key="max_rows"` (a `ReadLimits` field) adds how to raise that limit in
    `.nomenklatur.yaml`."""

    def __init__(self, reason: str, path: object, detail: str = "", sheet: str | None = None,
                 **params: object) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown WorkbookError reason {reason!r}")
        self.reason = reason
        self.path = str(path)
        self.sheet = sheet
        self.detail = detail
        self.params = params
        super().__init__(f"{reason}: {self.path}" + (f" [{sheet}]" if sheet else "") + (f": {detail}" if detail else ""))

    def message(self, lang: str = "id") -> str:
        """One sentence for the user naming the file (and sheet) and what to do; `lang` "id" or "en"."""
        english = lang == "en"
        where = f"file '{self.path}'" if english else f"berkas '{self.path}'"
        if self.sheet is not None:
            where = f"sheet '{self.sheet}' of {where}" if english else f"lembar '{self.sheet}' di {where}"
        hint = _HINTS.get(str(self.params.get("hint", "")), ("", ""))
        ratio = self.params.get("ratio")
        limit = self.params.get("limit", "?")
        values = {
            "where": where,
            "hint_id": hint[0], "hint_en": hint[1],
            "ratio_id": f" (rasio kompresi {ratio}:1)" if ratio else "",
            "ratio_en": f" (compression ratio {ratio}:1)" if ratio else "",
            "size": _size(self.params.get("size", "?")),
            "limit": _size(limit) if self.reason == "too_large" else _count(limit, english),
            "column": _column(self.params.get("column", "?"), english),
            "cell": self.params.get("cell", "?"),
            "rows": _count(self.params.get("rows", "?"), english),
            "columns": _count(self.params.get("columns", "?"), english),
            "cells": _count(self.params.get("cells", "?"), english),
            "count": _count(self.params.get("count", "?"), english),
            "what_id": _WHAT.get(str(self.params.get("what")), ("", ""))[0],
            "what_en": _WHAT.get(str(self.params.get("what")), ("", ""))[1],
            "part_id": f"bagian {self.params['part']}: " if self.params.get("part") else "",
            "part_en": f"part {self.params['part']}: " if self.params.get("part") else "",
        }
        text = _MESSAGES[self.reason][1 if english else 0].format(**values)
        if self.params.get("key"):
            text += _RAISE[1 if english else 0].format(key=self.params["key"])
        return text[0].upper() + text[1:]
