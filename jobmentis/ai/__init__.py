"""The AI layer shared by CVs, jobs and coaching: one entry point (`services.ai_complete`), typed
requests/results, several providers behind one interface, and a local engine that needs no key.
"""
