"""The hierarchy of one sheet's rows: which row is whose parent, the sums of their children, the TOTAL rows.

Program rows nest by level (urusan > bidang > program > kegiatan > sub kegiatan); account lines nest under the
sub kegiatan above them and under each other by their codes (5.1.02 > 5.1.02.01 > 5.1.02.01.01.0024). When a
parent's block ends, the close rules (NK402) compare its pagu with its children's. A TOTAL / JUMLAH row adds up
the rows of the highest level that carries a pagu since the previous TOTAL row (or, for a grand total after
subtotals, since the start). A row whose code or pagu cannot be read makes every total above it unverifiable.
"""

from __future__ import annotations

from typing import Callable

from nomenklatur import kode
from nomenklatur.baris import CACHE_LIMIT, PROGRAM_ROLES, Baris

RANK = {"urusan": 0, "bidang": 1, "program": 2, "kegiatan": 3, "sub_kegiatan": 4}
AKUN_RANK = 5  # an account line's rank is this plus its number of segments

Close = Callable[[Baris], None]


class Susunan:
    """Parents, children and totals of one sheet, fed row by row; `closers` are called on each parent whose
    block has ended (a row with children that carry a pagu: a childless row has nothing to add up) and on
    each TOTAL row."""

    def __init__(self, closers: list[Close]) -> None:
        self.closers = closers
        self.stack: list[tuple[int, str, Baris]] = []  # (rank, account code or "", row)
        self.block: dict[int, list] = {}  # rank -> [sum of pagu, rows with a pagu] since the last TOTAL row
        self.before: dict[int, list] = {}  # the same for the blocks before it
        self.unknown = False  # a row since the last TOTAL row whose code could not be read
        self._accounts: dict[object, str | None] = {}

    def close(self, b: Baris) -> None:
        for close in self.closers:
            close(b)

    def add(self, b: Baris) -> None:
        """Place one row (not a TOTAL row) in the hierarchy."""
        role = b.role
        if role in PROGRAM_ROLES:
            self._place(b, RANK[role], "")
        elif role == "akun":
            code = self._account(b.akun_raw)
            if code is not None:
                self._place(b, AKUN_RANK + code.count(".") + 1, code)
        elif role == "tak_terbaca" and b.pagu is not None:
            self.unknown = True
            for _, _, parent in self.stack:
                parent.child_unknown = True

    def total(self, b: Baris) -> None:
        """A TOTAL row: compared with its block of rows, or with the whole sheet when it is a grand total."""
        whole = {rank: [sums[0] + self.block.get(rank, (0, 0))[0], sums[1] + self.block.get(rank, (0, 0))[1]]
                 for rank, sums in self.before.items()}
        for rank, sums in self.block.items():
            whole.setdefault(rank, sums)
        if not self.unknown:
            block = self.block if any(count for _, count in self.block.values()) else whole  # a grand total right
            for rank in sorted(block):                                                      # after subtotals
                total, count = block[rank]
                if count:
                    everything = whole[rank][0]
                    b.child_sum, b.child_count = total, count
                    if everything != total and b.pagu is not None and abs(b.pagu - everything) < abs(b.pagu - total):
                        b.child_sum = everything  # a grand total after subtotals adds up everything above it
                    self.close(b)
                    break
        self.before, self.block, self.unknown = whole, {}, False

    def end(self) -> None:
        """The sheet has ended: close every open parent."""
        while self.stack:
            parent = self.stack.pop()[2]
            if parent.child_count:
                self.close(parent)

    def _place(self, b: Baris, rank: int, code: str) -> None:
        stack = self.stack
        while stack and (stack[-1][0] >= rank or (code and stack[-1][1] and not code.startswith(stack[-1][1] + "."))):
            ended = stack.pop()[2]
            if ended.child_count:
                self.close(ended)
        pagu = b.pagu
        if not b.pagu_valid:  # a pagu that is no number (NK401): the totals above it cannot be verified
            self.unknown = True
            for _, _, above in stack:
                above.child_unknown = True
        if stack:
            parent = b.parent = stack[-1][2]
            if pagu is not None:
                parent.child_sum += pagu
                parent.child_count += 1
                if code:
                    parent.child_akun = True
        if pagu is not None:
            found = self.block.get(rank)
            if found is None:
                self.block[rank] = [pagu, 1]
            else:
                found[0] += pagu
                found[1] += 1
        stack.append((rank, code, b))

    def _account(self, raw: object) -> str | None:
        """The canonical text of an account code cell, or None; kept per value, as accounts repeat."""
        key = raw if raw.__class__ is str else (raw.__class__, raw)
        if key not in self._accounts:
            if len(self._accounts) >= CACHE_LIMIT:
                self._accounts.clear()
            try:
                self._accounts[key] = kode.parse(raw, "akun").text
            except kode.KodeError:
                self._accounts[key] = None
        return self._accounts[key]

