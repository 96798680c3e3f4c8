"""Our own AI error types: every provider adapter maps its SDK's exceptions onto these, so callers
(and the router's retry/fallback policy) never see a vendor class.

Errors carry what is known about the failed attempt (tokens already billed, latency, the server's
retry-after hint) so the router can record usage for failures too.
"""

from __future__ import annotations


class AIError(Exception):
    """Base class. `retryable` drives the router: retry on the same provider, then fall back."""

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        model: str = "",
        retry_after: float | None = None,
        input_tokens: int = 0,
        output_tokens: int = 0,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.model = model
        self.retry_after = retry_after
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        self.latency_ms = 0


class AIRateLimited(AIError):
    """429 / quota exhausted for now: retry later (honouring retry-after), then fall back."""

    retryable = True


class AIUnavailable(AIError):
    """Outage: 5xx, overloaded, connection refused or dropped."""

    retryable = True


class AITimeout(AIError):
    """The provider did not answer within our timeout."""

    retryable = True


class AIInvalidRequest(AIError):
    """A 4xx we caused (bad payload, context too long) or bad credentials: retrying the same
    provider cannot help; the next provider might."""


class AIInvalidOutput(AIError):
    """The model answered, but not with JSON valid against the request's schema."""


class AINotConfigured(AIError):
    """No usable provider (no key), or no local handler for the feature."""


class AIProcessingRestricted(AIError):
    """The user the request is about has restricted AI processing of their CVs (GDPR Art. 18,
    Settings → Data & Privacy). Not retryable and no fallback: no provider may be used."""
