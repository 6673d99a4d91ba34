"""The examples in a rule's documentation, in a form that people read and the tests run.

A rule's documentation (the docstring of its check, or `doc=`) ends with example lines. Each says whether the
example passes or fails, in words with its key values in backticks, and below it, indented, the tiny sheet it
stands for, one line a row from cell A1, `|` between the cells::

    Lulus / passes: `2.13.02.2.01.01` in a kabupaten/kota file of FY2021
        | Kode            | Uraian                                                            |
        | 2.13.02.2.01.01 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa |
    Gagal / fails:  `2.13.02.2.01.01`, a kabupaten/kota sub kegiatan, in a provincial file
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat provinsi
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |

A passing example ("Lulus / passes") gives no finding of its rule; a failing one ("Gagal / fails") exactly one.
The sheet is checked with the command on its `$` line, or else with `DEFAULT_COMMAND` (a kabupaten/kota file
of FY2021). A cell is empty when nothing stands between its bars; a whole number (`300000000`, `-5000000`) is
a number; `2.13 (angka)` is the number 2.13 (a code Excel keeps as a number); text in double quotes is that
text as written (`" 2.13.02 "` keeps its spaces, `"2"` is the text 2); anything else is text. Every value in
backticks on the example line stands in the sheet or in the command, so the words cannot drift from what is
run. An example line without a sheet (a file that is no sheet at all) is documentation only.
"""

from __future__ import annotations

import inspect
import re
import shlex
from dataclasses import dataclass

DEFAULT_FILE = "usulan.xlsx"
DEFAULT_OPTIONS: tuple[str, ...] = ("--tahun", "2021", "--tingkat", "kabkota")
DEFAULT_COMMAND = ("nomenklatur", "check", DEFAULT_FILE, *DEFAULT_OPTIONS)

Value = str | int | float | None

_LINE = re.compile(r"^(Lulus|Gagal)\s*/\s*(passes|fails)\s*:\s*(.*)$")
_QUOTED = re.compile(r"`([^`]+)`")
_INTEGER = re.compile(r"-?(?:0|[1-9]\d*)")
_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?) \(angka\)")


@dataclass(frozen=True)
class Cell:
    """One cell of an example's sheet: as the documentation writes it, and the value written to the workbook."""

    written: str
    value: Value


@dataclass(frozen=True)
class Contoh:
    """One example of a rule: whether it passes, its words, its sheet and the command that checks it."""

    passes: bool
    text: str
    rows: tuple[tuple[Cell, ...], ...] = ()
    command: tuple[str, ...] | None = None

    @property
    def values(self) -> tuple[str, ...]:
        """The values in backticks on the example line (what `nomenklatur rule` shows in Bahasa Indonesia)."""
        return tuple(_QUOTED.findall(self.text))

    @property
    def runnable(self) -> bool:
        """Whether the example has a sheet to check (a file that is no sheet is described in words only)."""
        return bool(self.rows)

    @property
    def file_name(self) -> str:
        """The name of the file the sheet is saved as."""
        return (self.command or DEFAULT_COMMAND)[2]

    @property
    def options(self) -> tuple[str, ...]:
        """The options of `nomenklatur check` the file is checked with."""
        return (self.command or DEFAULT_COMMAND)[3:]

    def sheet(self) -> list[list[Value]]:
        """The rows of the sheet as values, for writing a workbook."""
        return [[cell.value for cell in row] for row in self.rows]


Part = str | Contoh


def cell(written: str) -> Cell:
    """A cell from its written form (see the module documentation)."""
    if not written:
        return Cell(written, None)
    if len(written) >= 2 and written[0] == written[-1] == '"':
        return Cell(written, written[1:-1])
    if _INTEGER.fullmatch(written):
        return Cell(written, int(written))
    number = _NUMBER.fullmatch(written)
    if number:
        text = number.group(1)
        return Cell(written, float(text) if "." in text else int(text))
    return Cell(written, written)


def _row(line: str) -> tuple[Cell, ...]:
    body = line.strip()[1:].removesuffix("|")
    return tuple(cell(piece.strip()) for piece in body.split("|"))


def _command(line: str) -> tuple[str, ...]:
    words = tuple(shlex.split(line.strip()[1:]))
    if words[:2] != ("nomenklatur", "check") or len(words) < 3 or words[2].startswith("-"):
        raise ValueError(f"an example's command is `$ nomenklatur check FILE OPTIONS`, not {line.strip()!r}")
    return words


def parse(doc: str) -> list[Part]:
    """A rule's documentation as its prose lines (common indentation removed) and its examples, in order.

    An example is its line, the deeper-indented lines below it (a `|` line is a row of its sheet, a `$` line
    its command, any other its words going on) up to the next line that is not indented.
    """
    parts: list[Part] = []
    current: dict | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            parts.append(Contoh(current["passes"], " ".join(current["text"]), tuple(current["rows"]),
                                current["command"]))
            current = None

    for line in inspect.cleandoc(doc).splitlines():
        match = _LINE.match(line)
        if match:
            close()
            current = {"passes": match.group(1) == "Lulus", "text": [match.group(3).strip()], "rows": [],
                       "command": None}
            continue
        if current is not None and line[:1].isspace() and line.strip():
            stripped = line.strip()
            if stripped.startswith("|"):
                current["rows"].append(_row(stripped))
            elif stripped.startswith("$"):
                current["command"] = _command(stripped)
            elif current["rows"] or current["command"]:
                raise ValueError(f"words after an example's sheet: {stripped!r}")
            else:
                current["text"].append(stripped)
            continue
        close()
        parts.append(line)
    close()
    return parts


def examples(doc: str) -> list[Contoh]:
    """The examples of a rule's documentation."""
    return [part for part in parse(doc) if isinstance(part, Contoh)]


def sheet_lines(example: Contoh) -> list[str]:
    """The example's sheet as aligned text lines, the cells as the documentation writes them."""
    width = max((len(row) for row in example.rows), default=0)
    columns = [max((len(row[i].written) for row in example.rows if i < len(row)), default=0) for i in range(width)]
    lines = []
    for row in example.rows:
        cells = [row[i].written if i < len(row) else "" for i in range(width)]
        lines.append(("| " + " | ".join(c.ljust(w) for c, w in zip(cells, columns)) + " |").rstrip())
    return lines


def sheet_markdown(example: Contoh) -> list[str]:
    """The example's sheet as a Markdown table headed by column letters, its rows numbered as in a sheet."""
    width = max((len(row) for row in example.rows), default=0)
    letters = [chr(ord("A") + i) for i in range(width)]
    lines = ["|   | " + " | ".join(letters) + " |", "|---|" + "---|" * width]
    for n, row in enumerate(example.rows, 1):
        cells = [row[i].written.replace("|", "\\|") if i < len(row) else "" for i in range(width)]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return lines


def command_text(example: Contoh) -> str | None:
    """The command line of an example that names its own, else None (it is checked with `DEFAULT_COMMAND`)."""
    return shlex.join(example.command) if example.command is not None else None
