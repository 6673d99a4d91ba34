"""Turning any failure into one sentence for the user (Bahasa Indonesia by default)."""

from __future__ import annotations


def describe_error(exc: BaseException, lang: str = "id") -> str:
    """A one-line message for an exception; known errors carry their own `message(lang)`."""
    message = getattr(exc, "message", None)
    if callable(message):
        text = message(lang)
    elif isinstance(exc, (ValueError, LookupError, OSError)) and str(exc):
        text = str(exc)
    else:
        text = (f"internal error ({type(exc).__name__}); run again with --debug for details" if lang == "en"
                else f"kesalahan internal ({type(exc).__name__}); jalankan lagi dengan --debug untuk rinciannya")
    prefix = "error" if lang == "en" else "galat"
    return f"nomenklatur: {prefix}: {text}"
