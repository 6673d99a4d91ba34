"""click's own words (usage, help, errors about options) in Bahasa Indonesia.

click marks its messages for gettext (`from gettext import gettext as _` in each module); with the default
language the command line swaps that function for one that looks the message up here, so a user who types a
wrong option reads Bahasa Indonesia, like every other message of nomenklatur."""

from __future__ import annotations

import sys
from typing import Any, Callable

import click

from nomenklatur.henti import TERMINATED, Dihentikan

INTERRUPTED = 130  # the exit status of a command stopped with Ctrl-C (128 + SIGINT)

_ID = {
    "Usage:": "Cara pakai:",
    "Options": "Pilihan",
    "Commands": "Perintah",
    "Positional arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Lihat '{command} {option}' untuk bantuan.",
    "No such option: {name}": "pilihan tidak dikenal: {name}",
    "No such option {name!r}.": "pilihan {name!r} tidak dikenal.",
    "Did you mean {possibility}?": "Maksudnya {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Maksudnya salah satu dari: {possibilities}?)",
    "No such command {name!r}.": "perintah {name!r} tidak dikenal.",
    "Missing command.": "perintah belum disebutkan.",
    "Missing argument": "Argumen belum diisi",
    "Missing option": "Pilihan belum diisi",
    "Missing parameter": "Parameter belum diisi",
    "Missing parameter: {param_name}": "Parameter belum diisi: {param_name}",
    "Missing {param_type}": "{param_type} belum diisi",
    "Invalid value for {param_hint}: {message}": "Nilai {param_hint} tidak sah: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Option {name!r} does not take a value.": "pilihan {name!r} tidak memakai nilai.",
    "Option {name!r} requires an argument.": "pilihan {name!r} perlu nilai.",
    "Option {name!r} requires {nargs} arguments.": "pilihan {name!r} perlu {nargs} nilai.",
    "Argument {name!r} takes {nargs} values.": "argumen {name!r} perlu {nargs} nilai.",
    "Got unexpected extra argument ({args})": "ada argumen berlebih ({args})",
    "Got unexpected extra arguments ({args})": "ada argumen berlebih ({args})",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "Could not open file {filename!r}: {message}": "berkas {filename!r} tidak dapat dibuka: {message}",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    "integer": "bilangan bulat",
    "default: {default}": "bawaan: {default}",
    "Aborted!": "Dibatalkan!",
    "required": "wajib",
}
_METAVARS = {"options": "[PILIHAN]", "commands": "PERINTAH [ARGUMEN]...", "FILES": "BERKAS...", "FILE": "BERKAS",
             "QUERY": "KODE_ATAU_KATA", "RULE_ID": "ATURAN"}
_TYPE_NAMES = {click.types.StringParamType: "teks", click.types.IntParamType: "angka", click.types.IntRange: "angka",
               click.types.FloatParamType: "angka", click.types.Path: "jalur"}
_indonesian = False  # set by in_bahasa_indonesia: the usage lines' placeholders too
_MODULES = ("core", "exceptions", "parser", "types", "decorators", "formatting", "termui", "utils")


def _gettext(message: str) -> str:
    return _ID.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _ID.get(singular if count == 1 else plural, singular if count == 1 else plural)


def wants_english(argv: list[str]) -> bool:
    """Whether the command line asks for English (`--lang en` or `--lang=en`)."""
    return any(a == "--lang=en" or (a == "--lang" and i + 1 < len(argv) and argv[i + 1] == "en")
               for i, a in enumerate(argv))


def in_bahasa_indonesia(argv: list[str] | None = None) -> None:
    """Swap click's message lookup for Bahasa Indonesia, unless the command line asks for English."""
    global _indonesian
    if wants_english(sys.argv if argv is None else argv):
        return
    _indonesian = True
    import importlib

    for kind, word in _TYPE_NAMES.items():  # "TEXT", "INTEGER RANGE" in help, "bukan integer yang sah" in errors
        kind.name = word

    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        patched: dict[str, Callable] = {"_": _gettext, "ngettext": _ngettext}
        for attribute, function in patched.items():
            if hasattr(module, attribute):
                setattr(module, attribute, function)


def _placeholder(word: str) -> str:
    return _METAVARS.get(word, word) if _indonesian else word


class Perintah(click.Command):
    """A command whose usage line says its placeholders in Bahasa Indonesia: "[PILIHAN] BERKAS..."."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if _indonesian:
            kwargs.setdefault("options_metavar", _placeholder("options"))
        super().__init__(*args, **kwargs)
        for param in self.params if _indonesian else ():
            if isinstance(param, click.Argument) and param.metavar is None and param.name:
                word = _placeholder(param.name.upper())
                if param.nargs == -1 and not word.endswith("..."):
                    word += "..."
                param.metavar = word if param.required else f"[{word}]"


class Kelompok(click.Group):
    """A group of commands (`nomenklatur`, `nomenklatur tables`) with the same placeholders. A command stopped with
    Ctrl-C says so and exits 130 (as shells report an interrupted program), not 1, which says findings were
    found; one stopped with SIGTERM (`henti.sigterm_unwinds`) exits 143."""

    command_class = Perintah

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if _indonesian:
            kwargs.setdefault("options_metavar", _placeholder("options"))
            kwargs.setdefault("subcommand_metavar", _placeholder("commands"))
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as stop:
            click.echo("\n" + _gettext("Aborted!"), err=True)
            ctx.exit(TERMINATED if isinstance(stop, Dihentikan) else INTERRUPTED)


Kelompok.group_class = Kelompok
