"""The local engine's CV understanding: document text and JSON Resume extraction, no network."""

from __future__ import annotations

from .resume import extract_resume
from .text import (
    CorruptDocument,
    EncryptedDocument,
    ExtractedText,
    ExtractionError,
    docx_text,
    pdf_text,
)

__all__ = [
    "CorruptDocument",
    "EncryptedDocument",
    "ExtractedText",
    "ExtractionError",
    "docx_text",
    "extract_resume",
    "pdf_text",
]
