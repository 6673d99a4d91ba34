"""Format rules: codes that cannot be read (NK101) or needed repair (NK102)."""

from __future__ import annotations

from nomenklatur import kode
from nomenklatur.baris import PROGRAM_ROLES, Baris
from nomenklatur.checks.base import Context, Rule, register

# Repairs that are simply how split-code sheets store codes (Excel numbers), not a defect.
_NORMAL_IN_SPLIT = {"excel_number", "padding"}


_LOOKALIKE = {"O": "0", "o": "0", "I": "1", "l": "1"}


def _digits_for_letters(text: str) -> str | None:
    """The code a text means when letters stand where digits belong (`2.13.O4` for `2.13.04`), or None."""
    if not any(c in _LOOKALIKE for c in text):
        return None
    digits = "".join(_LOOKALIKE.get(c, c) for c in text)
    try:
        return kode.parse(digits, "program").text
    except kode.KodeError:
        return None


def _nk101(ctx: Context, b: Baris) -> None:
    """A code that cannot be parsed at all: letters or `00` where digits belong, a segment too many, or a
    shortened code that reads two ways. A code that only needs tidying is NK102's, and a sheet whose code column
    is mostly unreadable is one NK006 finding instead.

    Lulus / passes: `2.13.02.2.01.01`
        | Kode            | Uraian |
        | 2.13.02.2.01    |        |
        | 2.13.02.2.01.01 |        |
    Lulus / passes: `2.13.2.2.1.1`: the zeros are missing, but it reads one way only (NK102)
        | Kode         | Uraian |
        | 2.13.02.2.01 |        |
        | 2.13.2.2.1.1 |        |
    Gagal / fails:  `2.13.AB.2.01.01`
        | Kode            | Uraian |
        | 2.13.02.2.01    |        |
        | 2.13.AB.2.01.01 |        |
    Gagal / fails:  `2.13.04.2.O1.02`, the letter O where the digit 0 belongs (the fix names 2.13.04.2.01.02)
        | Kode            | Uraian |
        | 2.13.04.2.01    |        |
        | 2.13.04.2.O1.02 |        |
    Gagal / fails:  `2.13.00.2.01.01`: no segment is 00
        | Kode            | Uraian |
        | 2.13.02.2.01    |        |
        | 2.13.00.2.01.01 |        |
    Gagal / fails:  `2.13.02.2.01.01.01`, a segment too many
        | Kode               | Uraian |
        | 2.13.02            |        |
        | 2.13.02.2.01       |        |
        | 2.13.02.2.01.01.01 |        |
    Gagal / fails:  `2.1` in a column of bidang codes: 2.01 or 2.10?
        | Kode Bidang | Kode Program | Uraian |
        | 2.13        | 2.13.02      |        |
        | 2.1         |              |        |
    """
    error = b.kode_error
    if error is None:
        return
    if error.reason == "ambiguous":
        ctx.emit("NK101", "ambiguous", b.place("kode"), value=str(b.kode_raw), key=(b.opd, str(b.kode_raw)),
                 candidates=", ".join(error.candidates), suggestion=("fix_ambiguous", None, False))
    elif (meant := _digits_for_letters(str(b.kode_raw))) is not None:
        found = sorted({c for c in str(b.kode_raw) if c in _LOOKALIKE})
        letters = ", ".join(f"huruf {c} di tempat angka {_LOOKALIKE[c]}" for c in found)
        letters_en = ", ".join(f"the letter {c} where the digit {_LOOKALIKE[c]} belongs" for c in found)
        ctx.emit("NK101", "lookalike", b.place("kode"), value=str(b.kode_raw), expected=meant,
                 key=(b.opd, str(b.kode_raw)), letters=letters, letters_en=letters_en,
                 suggestion=("fix_lookalike", meant, False))
    else:
        ctx.emit("NK101", "invalid", b.place("kode"), value=str(b.kode_raw), key=(b.opd, str(b.kode_raw)),
                 reason=error.message("id"), reason_en=error.message("en"), suggestion=("fix_invalid", None, False))


NK101 = register(Rule(
    id="NK101", category="format", severity="error",
    title={"id": "Kode tidak dapat dibaca", "en": "Code cannot be read"},
    messages={
        "invalid": {"id": "kode {value!r} tidak dapat dibaca: {reason}", "en": "code {value!r} cannot be read: {reason_en}"},
        "ambiguous": {"id": "kode {value!r} bermakna ganda: bisa {candidates}",
                      "en": "code {value!r} is ambiguous: it may be {candidates}"},
        "fix_invalid": {"id": "tulis kode lengkap dengan titik, mis. 2.13.02.2.01.01",
                        "en": "write the full dotted code, e.g. 2.13.02.2.01.01"},
        "fix_ambiguous": {"id": "tulis kode lengkap agar tidak keliru", "en": "write the full code to remove the doubt"},
        "lookalike": {"id": "kode {value!r} tidak dapat dibaca: {letters}",
                      "en": "code {value!r} cannot be read: {letters_en}"},
        "fix_lookalike": {"id": "ganti dengan {expected}", "en": "replace with {expected}"},
    },
    doc=_nk101.__doc__ or "", row=_nk101, memo="kode", roles=frozenset(("tak_terbaca",)),
))


def _nk102(ctx: Context, b: Baris) -> None:
    """A code that needed repair: spaces, non-breaking spaces, a leading apostrophe, commas, missing zero
    padding, a number where text was expected. The repair is a safe fix. In a code split over columns (one
    level a column), numbers are how Excel keeps the parts, not a defect.

    Lulus / passes: `2.13.02.2.01.01`
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    Lulus / passes: a code split over columns, its parts kept as numbers (`2 (angka)`, `13 (angka)`)
        | Urusan    | Bidang     | Program   | Kegiatan     | Sub Kegiatan | Uraian |
        | 2 (angka) | 13 (angka) | 2 (angka) | 2.01 (angka) |              |        |
        | 2 (angka) | 13 (angka) | 2 (angka) | 2.01 (angka) | 1 (angka)    |        |
    Gagal / fails:  `'2.13.02.2.01.01`, an apostrophe typed into the cell
        | Kode             | Uraian |
        | '2.13.02.2.01.01 |        |
    Gagal / fails:  `2.13.2.2.1.1`, zeros missing
        | Kode         | Uraian |
        | 2.13.2.2.1.1 |        |
    Gagal / fails:  `2,13,02`, commas for dots
        | Kode    | Uraian |
        | 2,13,02 |        |
    Gagal / fails:  `" 2.13.02.2.01.01 "`, spaces around the code
        | Kode                | Uraian |
        | " 2.13.02.2.01.01 " |        |
    Gagal / fails:  `2.13 (angka)`, a bidang code Excel turned into a number, in a column of whole codes
        | Kode            | Uraian |
        | 2.13 (angka)    |        |
        | 2.13.02         |        |
        | 2.13.02.2.01    |        |
        | 2.13.02.2.01.01 |        |
    """
    code = b.kode
    if code is None or not code.repairs:
        return
    repairs = set(code.repairs)
    if b.split or b.virtual:  # level columns of split and cascading codes: Excel numbers are how they are kept
        repairs -= _NORMAL_IN_SPLIT
    if "nama" not in b.sheet.columns:
        repairs.discard("glued_name")
    if not repairs:
        return
    shown = kode.Kode(code.text, code.family, code.kind, code.segments, tuple(r for r in code.repairs if r in repairs))
    ctx.emit("NK102", "repaired", b.place("kode"), value=str(b.kode_raw), expected=code.text, key=(b.opd, code.text),
             repairs=kode.describe_repairs(shown, "id"), repairs_en=kode.describe_repairs(shown, "en"),
             suggestion=("fix", code.text, True))


NK102 = register(Rule(
    id="NK102", category="format", severity="warning",
    title={"id": "Kode perlu dirapikan", "en": "Code needed repair"},
    messages={
        "repaired": {"id": "kode {value!r} perlu dirapikan ({repairs}); seharusnya {expected}",
                     "en": "code {value!r} needed repair ({repairs_en}); it should be {expected}"},
        "fix": {"id": "ganti dengan {expected}", "en": "replace with {expected}"},
    },
    doc=_nk102.__doc__ or "", row=_nk102, memo="kode", roles=PROGRAM_ROLES,
))
