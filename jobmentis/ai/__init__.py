"""The AI layer shared by CVs, jobs and coaching: one entry point (`services.ai_complete`), typed
requests/results, several providers behind one interface, and a local engine that needs no key.

    from jobmentis.ai.providers import local
    from jobmentis.ai.services import ai_complete
    from jobmentis.ai.types import AIDocument, AIRequest

    local.register("cv.extract", extract_cv)  # in AppConfig.ready(): AIRequest -> dict

    result = ai_complete(  # inside tenant_context(...)
        request=AIRequest(
            feature="cv.extract",
            instructions="Extract the CV as JSON Resume.",
            output_schema=RESUME_SCHEMA,
            documents=[AIDocument("cv", text)],
            keep_identifiers=frozenset({"email", "phone", "url"}),
        ),
        user_id=user.pk,
    )
    result.data  # validated against RESUME_SCHEMA; AIError subclasses on failure
"""
