"""Optimising a CV for a target job: suggestions, the fabrication check, applying, diffing.

No Django models here (plain functions over JSON Resume data, so they are easy to test and the
local engine stays a pure function):

* `engine` — the AI request (feature "cv_optimisation": our instructions, the CV and the job as
  untrusted documents, a JSON schema) and the local engine's deterministic implementation.
* `suggestions` — turning any provider's answer into clean suggestions that each point at the
  exact source text they rewrite (section + path + original), and applying accepted ones.
* `fabrication` — comparing each suggestion with the source CV: a new employer, title, date,
  degree, skill or figure is flagged, never applied silently.
* `diff` — the word-level before/after shown to the user.
"""

from __future__ import annotations

FEATURE = "cv_optimisation"
