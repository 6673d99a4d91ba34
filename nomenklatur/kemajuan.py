"""Progress of a long check on stderr (tqdm), only when stderr is a terminal: files done of all, rows read,
elapsed time, findings so far. A CI log (stderr a file or pipe) stays clean."""

from __future__ import annotations

import sys
from typing import IO, Any

ROWS_STEP = 10_000  # rows between two reports of one file's reading
MANY_ROWS = 50_000  # a single file shows progress once it has read this many rows


class Kemajuan:
    """A progress line for a run over `total` files, shown once the run is long: more than one file, or a file
    of more than MANY_ROWS rows."""

    def __init__(self, total: int, lang: str = "id", stream: IO[str] | None = None) -> None:
        self.total, self.rows, self.findings, self.files = total, 0, 0, 0
        self.en = lang == "en"
        self.stream = stream or sys.stderr
        self.bar: Any = None
        if total > 1:
            self._start()

    @classmethod
    def for_terminal(cls, total: int, lang: str = "id") -> Kemajuan | None:
        """A progress line on stderr when it is a terminal, else None."""
        return cls(total, lang) if sys.stderr.isatty() else None

    def _start(self) -> None:
        from tqdm import tqdm

        class Bar(tqdm):  # type: ignore[misc]
            monitor_interval = 0  # no monitor thread: it would outlive the bar, and a process with a thread of its
            # own neither forks a reader for its next file nor makes the annotated copy's list beside its sheets

        self.bar = Bar(total=self.total, initial=self.files, unit=" file" if self.en else " berkas",
                        file=self.stream, dynamic_ncols=True, leave=False,
                        bar_format="{n_fmt}/{total_fmt}{unit} [{elapsed}] {desc}")

    def read(self, rows: int) -> None:
        """`rows` more rows read (called every ROWS_STEP rows of a file)."""
        self.rows += rows
        if self.bar is None and self.rows >= MANY_ROWS:  # one big file: shown from here on
            self._start()
        self._show()

    def done(self, findings: int) -> None:
        """One more file checked, with this many findings."""
        self.files += 1
        self.findings += findings
        if self.bar is not None:
            self.bar.update(1)
        self._show()

    def _show(self) -> None:
        if self.bar is not None:
            rows, findings = (f"{n:,}" if self.en else f"{n:,}".replace(",", ".") for n in (self.rows, self.findings))
            said = f"{rows} rows, {findings} findings" if self.en else f"{rows} baris, {findings} temuan"
            self.bar.set_description_str(said)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
