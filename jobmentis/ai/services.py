"""The AI layer's one public entry point: `ai_complete`.

It picks providers in order (tenant override, else settings), skips those without a key,
redacts identifiers before text leaves for an external provider, retries transient errors with
exponential backoff and jitter, falls back to the next provider, validates the output against
the request's schema, restores placeholders, and records one usage row per attempt.

Precondition: a tenant in context (`tenant_context`); usage rows are written in the caller's
transaction.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string

from jobmentis.ai.exceptions import (
    AIError,
    AIInvalidOutput,
    AINotConfigured,
    AIProcessingRestricted,
)
from jobmentis.ai.models import (
    PROVIDER_NAMES,
    AIUsageEvent,
    TenantAISettings,
    parse_provider_order,
)
from jobmentis.ai.pricing import usage_cost
from jobmentis.ai.providers.base import Provider, ProviderConfig
from jobmentis.ai.redaction import Redactor, chat_request_redact, request_redact
from jobmentis.ai.types import AIChatRequest, AIRequest, AIResult, StreamUsage
from jobmentis.tenancy.context import require_tenant_id, tenant_context

logger = logging.getLogger(__name__)

# Imported lazily: a deployment that only uses the local engine never imports a vendor SDK.
PROVIDER_CLASSES = {
    "anthropic": "jobmentis.ai.providers.anthropic.AnthropicProvider",
    "openai": "jobmentis.ai.providers.openai.OpenAIProvider",
    "gemini": "jobmentis.ai.providers.gemini.GeminiProvider",
    "local": "jobmentis.ai.providers.local.LocalProvider",
}
assert set(PROVIDER_CLASSES) == set(PROVIDER_NAMES)

Sleep = Callable[[float], None]


def provider_plan(*, only: str | None = None) -> list[ProviderConfig]:
    """The providers to try, in order, for the tenant in context (keys present, deduplicated)."""
    overrides: dict[str, str] = {}
    order = list(settings.AI_PROVIDERS)
    tenant_settings = TenantAISettings.objects.first()
    if tenant_settings is not None:
        order = parse_provider_order(tenant_settings.provider_order) or order
        overrides = tenant_settings.model_overrides()
    if only is not None:
        order = [only]
    plan: list[ProviderConfig] = []
    for name in dict.fromkeys(order):
        if name not in PROVIDER_CLASSES:
            logger.warning("ai: unknown provider %r in the provider order, skipped", name)
            continue
        api_key = settings.AI_API_KEYS.get(name, "") if name != "local" else ""
        if name != "local" and not api_key:
            continue  # no key: not available on this deployment
        plan.append(
            ProviderConfig(
                name=name,
                model=overrides.get(name) or settings.AI_MODELS.get(name, ""),
                api_key=api_key,
                base_url=settings.AI_BASE_URLS.get(name) or None,
                timeout=float(settings.AI_TIMEOUT_SECONDS),
            )
        )
    return plan


def provider_build(config: ProviderConfig) -> Provider:
    provider_class: type[Provider] = import_string(PROVIDER_CLASSES[config.name])
    return provider_class(config)


def backoff_delay(attempt: int, *, retry_after: float | None = None) -> float:
    """Seconds to wait before retry number `attempt` (1-based): the server's retry-after when
    it gave one, else exponential backoff with equal jitter, capped."""
    if retry_after is not None:
        return max(0.0, retry_after)
    ceiling = min(
        float(settings.AI_BACKOFF_MAX_SECONDS),
        float(settings.AI_BACKOFF_BASE_SECONDS) * 2 ** (attempt - 1),
    )
    # Jitter spreads out clients that failed together; not a security use of randomness.
    return ceiling / 2 + random.random() * ceiling / 2  # noqa: S311


def _processing_restricted(*, user_id: int, tenant_id: int) -> bool:
    # Imported here: the AI layer is infrastructure and must not import an app at load time.
    from privacy.consent.interfaces import ai_processing_restricted_by_id

    return ai_processing_restricted_by_id(user_id=user_id, tenant_id=tenant_id)


def ai_complete(
    *,
    request: AIRequest,
    user_id: int | None,
    provider: str | None = None,
    sleep: Sleep | None = None,
) -> AIResult:
    """Run `request` on the first provider that succeeds and return its validated result.

    `provider` restricts the run to one provider (e.g. `parse_cv --provider`). `sleep` is
    injectable so tests do not wait. Raises the last provider's AIError when all fail, or
    AINotConfigured when no provider is usable, AIProcessingRestricted (before any provider
    is tried) when `user_id` restricted AI processing of their data on this tenant.
    """
    tenant_id = require_tenant_id()
    if user_id is not None and _processing_restricted(user_id=user_id, tenant_id=tenant_id):
        raise AIProcessingRestricted(
            "The user has restricted AI processing of their CVs.", provider="", model=""
        )
    wait = sleep or time.sleep
    plan = provider_plan(only=provider)
    if not plan:
        raise AINotConfigured(
            "No AI provider is available: check AI_PROVIDERS and the providers' API keys."
        )
    last_error: AIError | None = None
    for config in plan:
        try:
            return _complete_with(
                provider_build(config), request=request, user_id=user_id, sleep=wait
            )
        except AIError as exc:
            last_error = exc
            logger.info(
                "ai: %s gave up on provider %s after %s",
                request.feature,
                config.name,
                type(exc).__name__,
                extra={"tenant_id": tenant_id},
            )
    assert last_error is not None
    raise last_error


def _complete_with(
    provider: Provider, *, request: AIRequest, user_id: int | None, sleep: Sleep
) -> AIResult:
    """All attempts on one provider; raises the error that ends its turn."""
    outgoing, redactor = request, None
    if provider.external:
        outgoing, redactor = request_redact(request)
    max_attempts = max(1, int(settings.AI_MAX_ATTEMPTS))
    max_wait = float(settings.AI_RETRY_AFTER_MAX_SECONDS)
    invalid_outputs = 0
    attempt = 0
    while True:
        attempt += 1
        try:
            result = provider.complete(outgoing)
        except AIError as exc:
            _usage_record_failure(provider, request=request, user_id=user_id, error=exc)
            if isinstance(exc, AIInvalidOutput):
                invalid_outputs += 1
                if invalid_outputs > 1 or attempt >= max_attempts:
                    raise
                continue  # a model's malformed answer is often a one-off: one more try
            if not exc.retryable or attempt >= max_attempts:
                raise
            delay = backoff_delay(attempt, retry_after=exc.retry_after)
            if delay > max_wait:
                raise  # the provider asks us to wait too long: better to fall back now
            sleep(delay)
            continue
        cost = usage_cost(
            provider=provider.name,
            model=result.model,
            input_tokens=result.input_tokens,
            output_tokens=result.output_tokens,
        )
        data = redactor.restore(result.data) if redactor is not None else result.data
        result = replace(result, data=data, cost_usd=cost)
        _usage_record(
            provider,
            request=request,
            user_id=user_id,
            model=result.model,
            input_tokens=result.input_tokens,
            output_tokens=result.output_tokens,
            latency_ms=result.latency_ms,
            cost=cost,
        )
        return result


def _usage_record_failure(
    provider: Provider, *, request: AIRequest | AIChatRequest, user_id: int | None, error: AIError
) -> None:
    model = error.model or provider.model
    _usage_record(
        provider,
        request=request,
        user_id=user_id,
        model=model,
        input_tokens=error.input_tokens,
        output_tokens=error.output_tokens,
        latency_ms=error.latency_ms,
        cost=usage_cost(
            provider=provider.name,
            model=model,
            input_tokens=error.input_tokens,
            output_tokens=error.output_tokens,
        ),
        error=error,
    )


def _usage_record(
    provider: Provider,
    *,
    request: AIRequest | AIChatRequest,
    user_id: int | None,
    model: str,
    input_tokens: int,
    output_tokens: int,
    latency_ms: int,
    cost: Decimal,
    error: AIError | None = None,
) -> None:
    """One ledger row and one structured log line per attempt (no document text in either)."""
    status = AIUsageEvent.Status.OK if error is None else AIUsageEvent.Status.ERROR
    error_type = type(error).__name__ if error is not None else ""
    AIUsageEvent.objects.create(
        user_id=user_id,
        feature=request.feature,
        provider=provider.name,
        model=model,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        latency_ms=latency_ms,
        cost_usd=cost,
        status=status,
        error_type=error_type,
    )
    logger.info(
        "ai attempt feature=%s provider=%s model=%s status=%s error=%s latency_ms=%d "
        "input_tokens=%d output_tokens=%d cost_usd=%s",
        request.feature,
        provider.name,
        model,
        status,
        error_type or "-",
        latency_ms,
        input_tokens,
        output_tokens,
        cost,
    )


# --- streaming ------------------------------------------------------------------------------------


class AIStream:
    """A streamed answer: iterate it for text chunks (placeholders already restored).

    Made by `ai_stream` while the tenant is in context (the provider plan reads the tenant's
    settings); iterated later — typically by a StreamingHttpResponse, after the view returned and
    the request's tenant transaction closed. So no query runs while the provider streams: usage
    is recorded at the end inside a fresh `tenant_context` of the tenant captured here.

    Fallback: a provider failing before its first chunk hands over to the next one; once text
    has reached the user, a failure is raised (mixing two providers' answers would be worse).
    No retries on the same provider: the user is watching, the next provider is faster.
    After a complete iteration, `text`, `provider` and `model` describe the answer.
    """

    def __init__(
        self,
        *,
        request: AIChatRequest,
        user_id: int | None,
        plan: list[ProviderConfig],
        tenant_id: int,
    ) -> None:
        self.request = request
        self.user_id = user_id
        self.plan = plan
        self.tenant_id = tenant_id
        self.text = ""
        self.provider = ""
        self.model = ""

    def __iter__(self) -> Iterator[str]:
        last_error: AIError | None = None
        for config in self.plan:
            provider = provider_build(config)
            outgoing, redactor = self.request, None
            if provider.external:
                outgoing, redactor = chat_request_redact(self.request)
            started = time.perf_counter()
            parts: list[str] = []
            usage = StreamUsage(model=provider.model)
            try:
                for item in provider.stream(outgoing):
                    if isinstance(item, StreamUsage):
                        usage = item
                        continue
                    text = _restore(redactor, item)
                    parts.append(text)
                    yield text
            except AIError as exc:
                exc.latency_ms = int((time.perf_counter() - started) * 1000)
                with tenant_context(self.tenant_id):
                    _usage_record_failure(
                        provider, request=self.request, user_id=self.user_id, error=exc
                    )
                logger.info(
                    "ai: %s stream failed on %s after %s",
                    self.request.feature,
                    config.name,
                    type(exc).__name__,
                )
                if parts:
                    raise
                last_error = exc
                continue
            model = usage.model or provider.model
            cost = usage_cost(
                provider=provider.name,
                model=model,
                input_tokens=usage.input_tokens,
                output_tokens=usage.output_tokens,
            )
            with tenant_context(self.tenant_id):
                _usage_record(
                    provider,
                    request=self.request,
                    user_id=self.user_id,
                    model=model,
                    input_tokens=usage.input_tokens,
                    output_tokens=usage.output_tokens,
                    latency_ms=int((time.perf_counter() - started) * 1000),
                    cost=cost,
                )
            self.text, self.provider, self.model = "".join(parts), provider.name, model
            return
        if last_error is None:
            raise AINotConfigured("No AI provider is available for streaming.")
        raise last_error


def _restore(redactor: Redactor | None, text: str) -> str:
    if redactor is None:
        return text
    restored: str = redactor.restore(text)
    return restored


def ai_stream(
    *, request: AIChatRequest, user_id: int | None, provider: str | None = None
) -> AIStream:
    """A streamed free-text answer (see AIStream). Precondition: a tenant in context.
    Raises AINotConfigured at once when no provider is usable."""
    tenant_id = require_tenant_id()
    plan = provider_plan(only=provider)
    if not plan:
        raise AINotConfigured(
            "No AI provider is available: check AI_PROVIDERS and the providers' API keys."
        )
    return AIStream(request=request, user_id=user_id, plan=plan, tenant_id=tenant_id)
