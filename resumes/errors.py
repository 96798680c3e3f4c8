"""Our own error types for CV files, each with a stable code and a message a user can act on.

The code is what gets stored (Resume.error_code) and logged; the message is rendered in the
user's language when shown, from `ERROR_MESSAGES`.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ERROR_MESSAGES: dict[str, Promise] = {
    "empty": _("The file is empty."),
    "too_large": _("The file is too large: the maximum size is %(max)s."),
    "unsupported_type": _(
        "This file is not a PDF or Word (.docx) document. Upload your CV as PDF or DOCX, "
        "whatever the file name says."
    ),
    "legacy_or_protected_word": _(
        "This is an old Word (.doc) file or a password-protected Word document. Save it as "
        ".docx without a password, or as PDF, and upload it again."
    ),
    "too_many_pages": _(
        "The document has %(pages)s pages; a CV may have at most %(max)s. Upload only your CV."
    ),
    "encrypted": _(
        "The PDF is password-protected. Save a copy without a password and upload it again."
    ),
    "corrupt": _(
        "The file appears to be damaged or incomplete. Export it again from your editor and "
        "upload the new copy."
    ),
    "zip_bomb": _(
        "The Word document is packed in an unusual way that could harm our servers "
        "(it expands to far more data than a CV holds). Re-save it from your editor."
    ),
    "xml_entities": _(
        "The Word document contains XML declarations that are not allowed (DOCTYPE or entity "
        "definitions). Re-save it from Word, LibreOffice or Google Docs."
    ),
    "no_text": _(
        "We found no text in this file: it may be a scanned image. Upload a PDF or DOCX with "
        "selectable text."
    ),
    "timeout": _(
        "Reading this file took too long and was stopped. Try again, or re-save the file "
        "(for example, print it to PDF) and upload the new copy."
    ),
    "resources": _(
        "This file needed more memory than a CV should and was stopped. Re-save it (for "
        "example, print it to PDF) and upload the new copy."
    ),
    "engine_unavailable": _(
        "The CV reader is temporarily unavailable. Your file is safe: try again in a minute."
    ),
    "internal": _("Something went wrong while reading your CV. Your file is safe: try again."),
    "ai_restricted": _(
        "You've restricted AI processing of your CVs — change this in Data & Privacy"
    ),
    "invalid_json": _("This is not a valid JSON Resume file: %(detail)s"),
}


def error_message(code: str, **params: Any) -> str:
    """The user-facing message for a stored error code (unknown codes get the generic one)."""
    message = ERROR_MESSAGES.get(code) or ERROR_MESSAGES["internal"]
    text = str(message)
    if params:
        try:
            return text % params
        except (KeyError, TypeError, ValueError):
            return text
    return text.replace("%%", "%")


class ResumeError(Exception):
    """A problem with a CV file that the user can fix; `code` is stable, `message` translated."""

    code = "internal"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(self.code)

    @property
    def message(self) -> str:
        return error_message(self.code, **self.params)


class UnsupportedFile(ResumeError):
    code = "unsupported_type"


class FileTooLarge(ResumeError):
    code = "too_large"


class TooManyPages(ResumeError):
    code = "too_many_pages"


class EncryptedFile(ResumeError):
    code = "encrypted"


class CorruptFile(ResumeError):
    code = "corrupt"


class UnsafeDocument(ResumeError):
    """Zip bombs and XML entity tricks: refused before anything expands them."""

    code = "zip_bomb"


class ParseFailed(ResumeError):
    """Extraction ran and failed in a way retrying the same file will not fix by itself."""


class TransientParseError(ResumeError):
    """Infrastructure trouble (engine unavailable): the task retries with backoff."""

    code = "engine_unavailable"


class InvalidJsonResume(ResumeError):
    code = "invalid_json"
